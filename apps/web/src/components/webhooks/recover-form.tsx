"use client";
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { errorInfo } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";

/** Re-send every failed message since a time (at most 14 days back). */
export function RecoverForm({ subscriptionId, onRecovered }: { subscriptionId: string; onRecovered: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const [since, setSince] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const recover = useMutation(
    trpc.webhooks.recover.mutationOptions({
      onSuccess: (result) => {
        setMessage(`Queued ${result.count} failed message(s) again.`);
        onRecovered();
      },
      onError: (error) => setMessage(errorInfo(error).message),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const date = new Date(since);
    if (!since || Number.isNaN(date.getTime())) return setMessage("Pick the time to recover from.");
    recover.mutate({ id: subscriptionId, since: date });
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-2">
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-since`}>Recover failed messages since</Label>
        <Input
          id={`${id}-since`}
          type="datetime-local"
          value={since}
          onChange={(e) => setSince(e.target.value)}
          className="w-auto"
        />
      </div>
      <Button type="submit" variant="outline" size="sm" disabled={recover.isPending}>
        Recover
      </Button>
      <p aria-live="polite" className="text-sm text-muted-foreground">
        {message}
      </p>
    </form>
  );
}
