import { formatNumber } from "@/lib/format";

/** Entities seen in this job, per type, with a bar proportional to the largest. */
export function EntityTypes({ encountered }: { encountered: Record<string, number> }) {
  const rows = Object.entries(encountered).sort(([, a], [, b]) => b - a);
  if (!rows.length) return null;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return (
    <div>
      <h3 className="mb-2 text-xs font-medium text-muted-foreground">Entities per type</h3>
      <ul className="space-y-1.5">
        {rows.map(([type, n]) => (
          <li key={type} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 text-sm">
            <code className="truncate text-xs">{type}</code>
            <span className="tabular-nums">{formatNumber(n)}</span>
            <span aria-hidden className="col-span-2 h-1 rounded-full bg-muted">
              <span className="block h-full rounded-full bg-primary/60" style={{ width: `${(n / max) * 100}%` }} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
