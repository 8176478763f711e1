/** What lists and headings call a run: its name, else its firmware, else its short id. */
export function runLabel(run: { id: string; name: string | null; firmwareVersion: string | null }) {
  return run.name ?? (run.firmwareVersion ? `Firmware ${run.firmwareVersion}` : `Run ${run.id.slice(0, 8)}`);
}

/** A duration in words a person reads at a glance: 45 s, 3 min 20 s, 2 h 05 min. */
export function formatDuration(ms: number | null) {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}
