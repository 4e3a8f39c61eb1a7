import { TriangleAlert } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Job } from "@/trpc/types";

type Sample = { entity_type?: unknown; entity_id?: unknown; error_class?: unknown; stage?: unknown; message?: unknown };

/** A sample field as text: strings as they are, anything else as JSON, missing as empty. */
function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The job's error, its category and error_details: context as a list, per-entity samples as a table. */
export function JobError({ job }: { job: Job }) {
  const details = asRecord(job.errorDetails);
  const samples = Array.isArray(details?.samples) ? (details.samples as Sample[]) : [];
  const context = Object.entries(details ?? {}).filter(([k, v]) => k !== "samples" && v !== undefined && v !== null);
  if (!job.error && !details) return null;
  return (
    <Card className={job.error ? "border-destructive/40" : undefined}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <TriangleAlert aria-hidden className="size-4 text-destructive" />
          {job.error ? "Error" : "Entity errors"}
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {job.error ? (
          <p className="rounded-md bg-destructive/10 p-3 break-words text-destructive">{job.error}</p>
        ) : null}
        {job.errorCategory || context.length ? (
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1">
            {job.errorCategory ? (
              <>
                <dt className="text-muted-foreground">Category</dt>
                <dd className="font-mono text-xs">{job.errorCategory}</dd>
              </>
            ) : null}
            {context.map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="text-muted-foreground">
                  {key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, " ")}
                </dt>
                <dd className="font-mono text-xs break-words">
                  {typeof value === "string" ? value : JSON.stringify(value)}
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
        {samples.length ? (
          <div className="space-y-2">
            <h3 className="text-xs font-medium text-muted-foreground">
              {samples.length} sample{samples.length === 1 ? "" : "s"} of entities that failed
            </h3>
            <div className="rounded-md border">
              <Table>
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    <TableHead>Entity type</TableHead>
                    <TableHead>Entity id</TableHead>
                    <TableHead>Error class</TableHead>
                    <TableHead>Stage</TableHead>
                    <TableHead>Message</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {samples.map((s, i) => (
                    <TableRow key={i}>
                      <TableCell className="font-mono text-xs">{text(s.entity_type)}</TableCell>
                      <TableCell className="font-mono text-xs">{text(s.entity_id)}</TableCell>
                      <TableCell className="font-mono text-xs">{text(s.error_class)}</TableCell>
                      <TableCell>{text(s.stage)}</TableCell>
                      <TableCell className="min-w-60 whitespace-normal">{text(s.message)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
