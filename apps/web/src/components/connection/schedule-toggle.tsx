"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pause, Play } from "lucide-react";
import { Button } from "@/components/ui/button";
import { errorInfo } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";

/** Pauses or resumes the connection's schedule (the cron stays; only scheduled runs stop). */
export function ScheduleToggle({ connectionId, paused }: { connectionId: string; paused: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.get.queryKey({ id: connectionId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.list.queryKey() });
    },
  };
  const pause = useMutation(trpc.sourceConnections.pauseSchedule.mutationOptions(options));
  const resume = useMutation(trpc.sourceConnections.resumeSchedule.mutationOptions(options));
  const failure = pause.error ?? resume.error;
  return (
    <div className="space-y-1">
      {paused ? (
        <Button
          variant="outline"
          size="sm"
          className="w-full"
          disabled={resume.isPending}
          onClick={() => resume.mutate({ id: connectionId })}
        >
          <Play aria-hidden />
          Resume schedule
        </Button>
      ) : (
        <Button
          variant="outline"
          size="sm"
          className="w-full"
          disabled={pause.isPending}
          onClick={() => pause.mutate({ id: connectionId })}
        >
          <Pause aria-hidden />
          Pause schedule
        </Button>
      )}
      {failure ? (
        <p role="alert" className="text-sm text-destructive">
          {errorInfo(failure).message}
        </p>
      ) : null}
    </div>
  );
}
