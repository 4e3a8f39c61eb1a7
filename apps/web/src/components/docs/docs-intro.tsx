/** Title, version and the rules every endpoint shares: authentication, error bodies, timestamps. */
export function DocsIntro({ title, version, description }: { title: string; version?: string; description?: string }) {
  return (
    <header className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">
          {title} reference{" "}
          {version ? <span className="text-base font-normal text-muted-foreground">v{version}</span> : null}
        </h1>
        {description ? <p className="text-muted-foreground">{description}</p> : null}
      </div>
      <div className="grid gap-3 text-sm sm:grid-cols-3">
        <div className="rounded-lg border bg-card p-3">
          <h2 className="mb-1 font-semibold">Authentication</h2>
          <p className="text-muted-foreground">
            Send an API key as <code className="text-foreground">x-api-key: &lt;key&gt;</code> or{" "}
            <code className="text-foreground">Authorization: Bearer &lt;key&gt;</code>. Missing or unknown keys get 401.
          </p>
        </div>
        <div className="rounded-lg border bg-card p-3">
          <h2 className="mb-1 font-semibold">Errors</h2>
          <p className="text-muted-foreground">
            <code className="text-foreground">{'{ "detail": "…" }'}</code>; invalid input is 422 with a list of{" "}
            <code className="text-foreground">loc / msg / type</code> entries.
          </p>
        </div>
        <div className="rounded-lg border bg-card p-3">
          <h2 className="mb-1 font-semibold">Machine-readable</h2>
          <p className="text-muted-foreground">
            The OpenAPI 3.1 document:{" "}
            <a href="/docs/openapi.json" className="text-primary underline underline-offset-2">
              /docs/openapi.json
            </a>
            . Timestamps are ISO 8601 UTC.
          </p>
        </div>
      </div>
    </header>
  );
}
