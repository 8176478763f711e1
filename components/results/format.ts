/** How figures read on the results page: ratios as percentages, times in ms, n/a for undefined. */
export const NA = "n/a";

export function percent(value: unknown): string {
  return typeof value === "number" ? `${(value * 100).toFixed(1)} %` : NA;
}

export function millis(value: unknown): string {
  return typeof value === "number" ? `${value.toFixed(1)} ms` : NA;
}

export function whole(value: unknown): string {
  return typeof value === "number" ? String(value) : NA;
}

/** A criterion's value or limit in its own unit. */
export function criterionFigure(key: string, value: number | null): string {
  if (value === null) return NA;
  if (key === "maxLatencyMs") return millis(value);
  if (key === "minDetectionCount") return whole(value);
  return percent(value);
}
