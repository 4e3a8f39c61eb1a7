"use client";
import { TriangleAlert } from "lucide-react";
import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import type { RouterOutputs } from "@/trpc/types";

export type CreatedKey = RouterOutputs["apiKeys"]["create"];

/** The new key's secret, shown this once, with a copy button and a plain warning. */
export function NewKeySecret({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      aria-labelledby="new-key-heading"
      className="space-y-3 rounded-lg border border-warning/50 bg-warning/10 p-4 sm:p-5"
    >
      <h2 id="new-key-heading" ref={heading} tabIndex={-1} className="font-semibold">
        Key “{created.name}” created
      </h2>
      <p className="flex items-start gap-2 text-sm">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-warning" />
        Copy this key now: it is shown only once and cannot be recovered. Anyone who has it can use your
        organization&apos;s API.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          aria-label="New API key"
          className="min-w-0 flex-1 rounded-md border bg-card px-3 py-2 font-mono text-sm break-all select-all"
        >
          {created.secret}
        </code>
        <CopyButton text={created.secret} label="Copy key" />
      </div>
      <Button variant="outline" size="sm" onClick={onDone}>
        I have copied it
      </Button>
    </section>
  );
}
