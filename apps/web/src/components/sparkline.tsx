/** A small inline SVG line chart of `values` (e.g. throughput over a run), scaled to its own maximum. */
export function Sparkline({
  values,
  label,
  width = 160,
  height = 36,
  className,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
  className?: string;
}) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  const line = points.join(" ");
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className={className}
      preserveAspectRatio="none"
    >
      {values.length > 1 ? (
        <>
          <polygon points={`0,${height} ${line} ${width},${height}`} className="fill-primary/15" />
          <polyline points={line} fill="none" className="stroke-primary" strokeWidth={1.5} strokeLinejoin="round" />
        </>
      ) : (
        <line x1={0} x2={width} y1={height - 2} y2={height - 2} className="stroke-border" strokeWidth={1.5} />
      )}
    </svg>
  );
}
