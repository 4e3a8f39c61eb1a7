import { objectOf, typeName, type Schema } from "./openapi-view";

/** The fields of an object schema as a list: name, type, required, description; nested objects fold out. */
export function SchemaFields({ schema, depth = 0 }: { schema: Schema; depth?: number }) {
  const object = objectOf(schema);
  if (!object?.properties) return <p className="text-sm text-muted-foreground">{typeName(schema)}</p>;
  const required = new Set(object.required ?? []);
  return (
    <ul className="divide-y rounded-md border text-sm">
      {Object.entries(object.properties).map(([name, field]) => {
        const nested = depth < 3 ? objectOf(field) : null;
        return (
          <li key={name} className="space-y-1 px-3 py-2">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <code className="font-mono text-xs font-semibold">{name}</code>
              <span className="font-mono text-xs text-muted-foreground">{typeName(field)}</span>
              {required.has(name) ? <span className="text-xs font-medium text-destructive">required</span> : null}
              {field.default !== undefined ? (
                <span className="text-xs text-muted-foreground">default {JSON.stringify(field.default)}</span>
              ) : null}
            </div>
            {field.description ? <p className="text-xs text-muted-foreground">{field.description}</p> : null}
            {nested?.properties ? (
              <details className="pt-1">
                <summary className="cursor-pointer rounded-sm text-xs text-primary">Fields of {name}</summary>
                <div className="pt-2">
                  <SchemaFields schema={nested} depth={depth + 1} />
                </div>
              </details>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
