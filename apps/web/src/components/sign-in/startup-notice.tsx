"use client";
import { Loader2, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Shown instead of the form while the server starts (refreshing itself), or with the reason it could not start. */
export function StartupNotice({ failure }: { failure: string | null }) {
  const router = useRouter();
  useEffect(() => {
    if (failure) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [failure, router]);
  if (failure) {
    return (
      <div
        role="alert"
        className="flex gap-2 rounded-md border border-destructive/40 bg-destructive/10 p-3 text-sm text-destructive"
      >
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <p>Weft could not start: {failure}. See the server&apos;s terminal; /api/health gives the same reason.</p>
      </div>
    );
  }
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
      <Loader2 aria-hidden className="size-4 animate-spin" />
      Weft is starting… this page refreshes by itself.
    </p>
  );
}
