"use client";
import { TriangleAlert } from "lucide-react";
import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import type { CreatedWebhook } from "@/trpc/types";

/** The new endpoint's signing secret, shown this once, with a copy button. */
export function NewWebhookSecret({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      aria-labelledby="new-webhook-heading"
      className="space-y-3 rounded-lg border border-warning/50 bg-warning/10 p-4 sm:p-5"
    >
      <h2 id="new-webhook-heading" ref={heading} tabIndex={-1} className="font-semibold break-all">
        Endpoint {created.url} added
      </h2>
      <p className="flex items-start gap-2 text-sm">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-warning" />
        Copy the signing secret now: this page shows it only once. Verify each delivery with it (e.g. svix&apos;s
        Webhook.verify).
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          aria-label="Signing secret"
          className="min-w-0 flex-1 rounded-md border bg-card px-3 py-2 font-mono text-sm break-all select-all"
        >
          {created.secret}
        </code>
        <CopyButton text={created.secret} label="Copy secret" />
      </div>
      <Button variant="outline" size="sm" onClick={onDone}>
        I have copied it
      </Button>
    </section>
  );
}
