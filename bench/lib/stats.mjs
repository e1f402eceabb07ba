// Small statistics helpers: every figure is a median or a percentile of repeated samples.

export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => percentile(values, 50);

export const round = (value, digits = 3) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** Milliseconds since `start` (a process.hrtime.bigint()). */
export const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;
