import { CopyButton } from "@/components/copy-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The REST call that returns this job, ready to paste into a terminal. */
export function CurlExample({ origin, jobId }: { origin: string; jobId: string }) {
  const command = `curl -H "x-api-key: $WEFT_API_KEY" ${origin}/v1/sync/jobs/${jobId}`;
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="space-y-1">
          <CardTitle>REST API</CardTitle>
          <CardDescription>
            The same job from a terminal. Set WEFT_API_KEY to one of your API keys first.
          </CardDescription>
        </div>
        <CopyButton text={command} label="Copy curl" />
      </CardHeader>
      <CardContent>
        <pre
          aria-label="curl command"
          className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all"
        >
          {command}
        </pre>
      </CardContent>
    </Card>
  );
}
