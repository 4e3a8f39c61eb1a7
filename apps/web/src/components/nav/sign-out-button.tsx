"use client";
import { LogOut } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** Clears the session cookie, then loads /sign-in afresh (dropping every cached query of the session). */
export function SignOutButton({ className }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await fetch("/api/session", { method: "DELETE", credentials: "same-origin" }).catch(() => undefined);
    window.location.assign("/sign-in");
  };
  return (
    <Button
      variant="ghost"
      size="sm"
      className={cn("justify-start", className)}
      onClick={() => void signOut()}
      disabled={busy}
    >
      <LogOut aria-hidden />
      Sign out
    </Button>
  );
}
