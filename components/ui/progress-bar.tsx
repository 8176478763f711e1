import { cn } from "./cn";

export function ProgressBar({
  value,
  label,
  hideLabel,
  className,
}: {
  value: number;
  label: string;
  /** Keep the label for screen readers only (e.g. in a table row that names the task). */
  hideLabel?: boolean;
  className?: string;
}) {
  const clamped = Math.min(100, Math.max(0, value));
  return (
    <div className={cn("space-y-1", className)}>
      <div className="flex justify-between text-xs text-slate-600">
        <span className={hideLabel ? "sr-only" : undefined}>{label}</span>
        <span className="tabular-nums">{Math.round(clamped)}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(clamped)}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className="h-full rounded-full bg-brand-500 transition-[width] duration-300"
          style={{ width: `${clamped}%` }}
        />
      </div>
    </div>
  );
}
