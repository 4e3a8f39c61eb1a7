"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import { useState, type FormEvent } from "react";
import { describedBy, FormField } from "@/components/connection-form/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { errorInfo, issuesByPath } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";
import type { CreatedWebhook, RouterInputs } from "@/trpc/types";

type EventType = RouterInputs["webhooks"]["create"]["eventTypes"][number];

/** URL and event-type checkboxes; the server checks the URL against the outbound-address rule. */
export function CreateWebhookForm({
  eventTypes,
  onCreated,
}: {
  eventTypes: string[];
  onCreated: (created: CreatedWebhook) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set(["sync.completed", "sync.failed"]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (created) => {
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
        setUrl("");
        onCreated(created);
      },
      onError: (error) => {
        const info = errorInfo(error);
        setErrors(info.issues.length ? issuesByPath(info.issues) : { form: info.message });
      },
    }),
  );
  const toggle = (type: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/.test(url.trim())) next.url = "Enter the endpoint's http:// or https:// URL.";
    if (selected.size === 0) next.eventTypes = "Pick at least one event type.";
    setErrors(next);
    if (!Object.keys(next).length) create.mutate({ url: url.trim(), eventTypes: [...selected] as EventType[] });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Add an endpoint</CardTitle>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} noValidate className="space-y-4">
          <FormField
            id="webhook-url"
            label="Endpoint URL"
            required
            help="Must be a public address unless the operator allows it in WEFT_OUTBOUND_ALLOW."
            error={errors.url}
          >
            <Input
              id="webhook-url"
              type="url"
              value={url}
              maxLength={2083}
              placeholder="https://example.com/webhooks/weft"
              onChange={(e) => setUrl(e.target.value)}
              {...describedBy("webhook-url", true, errors.url)}
            />
          </FormField>
          <fieldset className="space-y-2" aria-describedby={errors.eventTypes ? "webhook-events-error" : undefined}>
            <legend className="text-sm font-medium">Event types</legend>
            <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {eventTypes.map((type) => (
                <label key={type} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="size-4 accent-primary"
                    checked={selected.has(type)}
                    onChange={(e) => toggle(type, e.target.checked)}
                  />
                  <code>{type}</code>
                </label>
              ))}
            </div>
            {errors.eventTypes ? (
              <p id="webhook-events-error" role="alert" className="text-sm text-destructive">
                {errors.eventTypes}
              </p>
            ) : null}
          </fieldset>
          <Button type="submit" disabled={create.isPending}>
            <Webhook aria-hidden />
            Add endpoint
          </Button>
          {errors.form ? (
            <p role="alert" className="text-sm text-destructive">
              {errors.form}
            </p>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
