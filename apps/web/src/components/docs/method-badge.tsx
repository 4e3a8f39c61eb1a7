import { cn } from "@/lib/utils";

const TONE: Record<string, string> = {
  GET: "bg-info/15 text-info border-info/40",
  POST: "bg-success/15 text-success border-success/40",
  PATCH: "bg-warning/15 text-warning border-warning/40",
  PUT: "bg-warning/15 text-warning border-warning/40",
  DELETE: "bg-destructive/15 text-destructive border-destructive/40",
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span
      className={cn(
        "inline-flex w-16 shrink-0 justify-center rounded border px-1.5 py-0.5 font-mono text-xs font-bold",
        TONE[method] ?? "bg-muted",
      )}
    >
      {method}
    </span>
  );
}
