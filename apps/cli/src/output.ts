// Plain-text output: aligned columns for lists, "key: value" lines for one object.
export function table(headers: string[], rows: (string | number | null)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((c) => (c === null ? "-" : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells
    .map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  "))
    .join("\n");
}

export function fields(object: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(object).map((k) => k.length));
  return Object.entries(object)
    .map(
      ([key, value]) =>
        `${`${key}:`.padEnd(width + 1)} ${value === null || value === undefined ? "-" : typeof value === "string" ? value : JSON.stringify(value)}`,
    )
    .join("\n");
}
