"use client";
import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Something went wrong while rendering a signed-in page: say so, and offer to try again. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div
      role="alert"
      className="mx-auto max-w-lg space-y-3 rounded-lg border border-destructive/40 bg-destructive/5 p-6"
    >
      <h1 className="flex items-center gap-2 text-lg font-semibold">
        <TriangleAlert aria-hidden className="size-5 text-destructive" />
        This page could not be shown
      </h1>
      <p className="text-sm text-muted-foreground">
        {error.digest ? `The server logged the reason (reference ${error.digest}).` : error.message} Try again; if it
        keeps happening, check the server&apos;s terminal.
      </p>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
