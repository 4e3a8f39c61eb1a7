"use client";
import { AlertCircle, KeyRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** Posts the key to /api/session; a wrong key shows a message under the field, a right one loads `next`. */
export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const entered = new FormData(event.currentTarget).get("apiKey");
    const apiKey = typeof entered === "string" ? entered.trim() : "";
    if (!apiKey) return setError("Enter an API key.");
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiKey }),
        credentials: "same-origin",
      });
      const body = (await res.json().catch(() => ({}))) as { ok?: boolean; error?: string };
      if (res.ok && body.ok) return window.location.assign(next);
      setError(body.error ?? `Sign-in failed (HTTP ${res.status}).`);
    } catch {
      setError("Could not reach the server. Check that Weft is running and try again.");
    }
    setBusy(false);
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-4" noValidate>
      <div className="space-y-2">
        <Label htmlFor="api-key">API key</Label>
        <Input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="current-password"
          placeholder="weft_…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "api-key-error" : undefined}
          autoFocus
        />
        {error ? (
          <p id="api-key-error" role="alert" className="flex items-start gap-1.5 text-sm text-destructive">
            <AlertCircle aria-hidden className="mt-0.5 size-4 shrink-0" />
            {error}
          </p>
        ) : null}
      </div>
      <Button type="submit" className="w-full" disabled={busy}>
        <KeyRound aria-hidden />
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
