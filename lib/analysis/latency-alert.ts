/**
 * The live alert rule (DESIGN §5): a single detection latency above the warning threshold raises
 * a warning, above the critical threshold a critical alert. One rule for the pushes to browsers
 * and for the run's monitoring task.
 */
export type AlertLevel = "warning" | "critical";

export function alertLevel(
  latencyMs: number,
  thresholds: { warningMs: number; criticalMs: number },
): { level: AlertLevel; thresholdMs: number } | null {
  if (latencyMs > thresholds.criticalMs) return { level: "critical", thresholdMs: thresholds.criticalMs };
  if (latencyMs > thresholds.warningMs) return { level: "warning", thresholdMs: thresholds.warningMs };
  return null;
}
