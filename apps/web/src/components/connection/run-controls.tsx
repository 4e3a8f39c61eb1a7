"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Info, Play, RefreshCcw, Square } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { isActiveStatus } from "@/lib/job-status";
import { errorInfo } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";
import type { Connection } from "@/trpc/types";
import { JOB } from "@weft/job-model";

/** Run, Full sync and Cancel, enabled by the latest job's state; a refused run (CONFLICT) is a calm note, not an error. */
export function RunControls({ connection, children }: { connection: Connection; children?: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const last = connection.lastJob;
  const active = isActiveStatus(last?.status);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.get.queryKey({ id: connection.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.list.queryKey() });
  };
  const onError = (error: unknown) => {
    const info = errorInfo(error);
    setNote(info.code === "CONFLICT" ? { tone: "info", text: info.message } : { tone: "error", text: info.message });
    refresh();
  };

  const run = useMutation(trpc.runs.start.mutationOptions({ onSuccess: () => (setNote(null), refresh()), onError }));
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({ onSuccess: () => (setNote(null), refresh()), onError }),
  );
  const busy = run.isPending || cancel.isPending;

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={active || busy} onClick={() => run.mutate({ sourceConnectionId: connection.id })}>
          <Play aria-hidden />
          Run
        </Button>
        <Button
          size="sm"
          variant="outline"
          disabled={active || busy}
          onClick={() => run.mutate({ sourceConnectionId: connection.id, forceFullSync: true })}
          title="Ignore the saved cursor, read everything, and delete stored entities the source no longer has"
        >
          <RefreshCcw aria-hidden />
          Full sync
        </Button>
        <Button
          size="sm"
          variant="outline"
          disabled={!active || last?.status === JOB.CANCELLING || busy}
          onClick={() => last && cancel.mutate({ jobId: last.id, sourceConnectionId: connection.id })}
        >
          <Square aria-hidden />
          Cancel
        </Button>
        {children}
      </div>
      <p role="status" aria-live="polite" className="min-h-0 text-sm empty:hidden">
        {note ? (
          <span
            className={note.tone === "error" ? "text-destructive" : "flex items-center gap-1.5 text-muted-foreground"}
          >
            {note.tone === "info" ? <Info aria-hidden className="size-4" /> : null}
            {note.text}
          </span>
        ) : null}
      </p>
    </div>
  );
}
