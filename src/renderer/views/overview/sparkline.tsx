/** A tiny line chart of recent values as SVG (no canvas per card, no chart instance). */
export function Sparkline({
  values,
  max,
  label,
  className,
}: {
  values: readonly number[];
  /** The top of the scale; the data's own maximum when undefined. */
  max?: number;
  label: string;
  className?: string;
}) {
  const width = 100;
  const height = 24;
  const top = Math.max(max ?? 0, ...values, 1e-9);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values
    .map(
      (v, i) =>
        `${(i * step).toFixed(1)},${(height - (Math.max(0, v) / top) * (height - 2) - 1).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      className={`sparkline ${className ?? ''}`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {values.length > 1 ? <polyline points={points} vectorEffect="non-scaling-stroke" /> : null}
    </svg>
  );
}
