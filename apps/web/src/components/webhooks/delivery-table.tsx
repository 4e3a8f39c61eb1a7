"use client";
import { useMutation } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { Timestamp } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import type { WebhookAttempt } from "@/trpc/types";

const STATUS_TONE = { success: "success", pending: "warning", failed: "danger" } as const;

/** The endpoint's newest delivery attempts: when, event, status, response code and body, and "Send again". */
export function DeliveryTable({
  subscriptionId,
  attempts,
  loading,
  onResent,
}: {
  subscriptionId: string;
  attempts: WebhookAttempt[];
  loading: boolean;
  onResent: () => void;
}) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.webhooks.resend.mutationOptions({ onSuccess: onResent }));
  if (!attempts.length)
    return <p className="text-sm text-muted-foreground">{loading ? "Loading deliveries…" : "No deliveries yet."}</p>;
  return (
    <div className="md:overflow-hidden md:rounded-lg md:border">
      <Table stacked aria-label="Recent deliveries">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Time</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Code</TableHead>
            <TableHead>Response</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {attempts.slice(0, 20).map((attempt) => (
            <TableRow key={attempt.id}>
              <TableCell data-label="Time">
                <Timestamp date={attempt.timestamp} />
              </TableCell>
              <TableCell data-label="Event">
                <code className="text-xs">{attempt.eventType}</code>
              </TableCell>
              <TableCell data-label="Status">
                <Badge tone={STATUS_TONE[attempt.status]}>{attempt.status}</Badge>
              </TableCell>
              <TableCell data-label="Code">
                {attempt.responseStatusCode === 0 ? "no answer" : attempt.responseStatusCode}
              </TableCell>
              <TableCell data-label="Response" className="max-w-64">
                {attempt.response ? (
                  <details>
                    <summary className="cursor-pointer text-sm">Body ({attempt.response.length} chars)</summary>
                    <pre className="mt-1 max-h-40 overflow-auto rounded bg-muted p-2 text-xs whitespace-pre-wrap break-all">
                      {attempt.response}
                    </pre>
                  </details>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell className="text-right max-md:justify-end max-md:empty:hidden">
                {attempt.status === "success" ? null : (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={resend.isPending}
                    onClick={() => resend.mutate({ messageId: attempt.messageId, subscriptionId })}
                  >
                    <RotateCcw aria-hidden />
                    Send again
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
