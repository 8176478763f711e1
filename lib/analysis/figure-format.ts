/** How figures read on the results page and in the report: ratios as percentages, times in ms, n/a for undefined. */
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

type Bounds = readonly [number | null, number | null] | null | undefined;

/** An interval in the figure's unit, e.g. "72.2–100.0 %"; an open end reads "…"; nothing when there is none. */
export function range(bounds: Bounds, unit: "ratio" | "ms" | "per hour"): string {
  if (!bounds) return "";
  const show = (v: number | null) =>
    v === null ? "…" : unit === "ratio" ? (v * 100).toFixed(1) : unit === "ms" ? v.toFixed(1) : v.toFixed(2);
  const suffix = unit === "ratio" ? " %" : unit === "ms" ? " ms" : " /h";
  return `${show(bounds[0])}–${show(bounds[1])}${suffix}`;
}
