import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { MethodBadge } from "./method-badge";
import { typeName, type Endpoint as EndpointView } from "./openapi-view";
import { SchemaFields } from "./schema-fields";

export function anchorOf(endpoint: EndpointView): string {
  return endpoint.operation.operationId ?? `${endpoint.method}-${endpoint.path}`.replace(/[^a-zA-Z0-9]+/g, "-");
}

/** One operation: method, path, summary, parameters, request body fields and responses. */
export function Endpoint({ endpoint }: { endpoint: EndpointView }) {
  const { operation } = endpoint;
  const params = operation.parameters ?? [];
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(operation.responses ?? {});
  return (
    <Card id={anchorOf(endpoint)} className="scroll-mt-20">
      <CardHeader className="gap-2">
        <h3 className="flex flex-wrap items-center gap-2">
          <MethodBadge method={endpoint.method} />
          <code className="font-mono text-sm font-semibold break-all">{endpoint.path}</code>
        </h3>
        {operation.summary ? <p className="text-sm text-muted-foreground">{operation.summary}</p> : null}
      </CardHeader>
      <CardContent className="space-y-4">
        {params.length ? (
          <div className="space-y-2">
            <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Parameters</h4>
            <div className="rounded-md border">
              <Table>
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    <TableHead>Name</TableHead>
                    <TableHead>In</TableHead>
                    <TableHead>Type</TableHead>
                    <TableHead>Required</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {params.map((p) => (
                    <TableRow key={`${p.in}-${p.name}`}>
                      <TableCell className="font-mono text-xs font-semibold">{p.name}</TableCell>
                      <TableCell>{p.in}</TableCell>
                      <TableCell className="font-mono text-xs whitespace-normal">
                        {typeName(p.schema)}
                        {p.schema?.default !== undefined ? (
                          <span className="text-muted-foreground"> · default {JSON.stringify(p.schema.default)}</span>
                        ) : null}
                      </TableCell>
                      <TableCell>{p.required ? "yes" : "no"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </div>
        ) : null}
        {body ? (
          <div className="space-y-2">
            <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Request body (JSON)</h4>
            <SchemaFields schema={body} />
          </div>
        ) : null}
        <div className="space-y-2">
          <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Responses</h4>
          <ul className="space-y-2 text-sm">
            {responses.map(([status, response]) => {
              const schema = response.content?.["application/json"]?.schema;
              const ok = status.startsWith("2");
              return (
                <li key={status} className="space-y-2">
                  <p>
                    <code className={ok ? "font-semibold text-success" : "font-semibold text-destructive"}>
                      {status}
                    </code>{" "}
                    {response.description}
                    {response.content?.["text/event-stream"] ? (
                      <span className="text-muted-foreground"> (text/event-stream)</span>
                    ) : null}
                  </p>
                  {ok && schema ? (
                    <details>
                      <summary className="cursor-pointer rounded-sm text-xs text-primary">Response fields</summary>
                      <div className="pt-2">
                        <SchemaFields schema={schema} />
                      </div>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
      </CardContent>
    </Card>
  );
}
