import { Badge } from "./badge";

const badges = {
  pass: { text: "PASS", tone: "good" },
  fail: { text: "FAIL", tone: "bad" },
  incomplete: { text: "INCOMPLETE", tone: "warn" },
  inconclusive: { text: "INCONCLUSIVE", tone: "warn" },
} as const;

/** The word a verdict is shown with; links around a badge start their names with it. */
export function verdictText(verdict: string | null): string {
  return badges[verdict as keyof typeof badges]?.text ?? "N/A";
}

/**
 * A run's verdict as a badge: PASS, FAIL, INCOMPLETE when some assigned video has no completed
 * session, INCONCLUSIVE when a confidence bound does not yet meet its limit, or N/A when nothing
 * could be judged.
 */
export function VerdictBadge({ verdict }: { verdict: string | null }) {
  const badge = badges[verdict as keyof typeof badges];
  return <Badge tone={badge?.tone ?? "muted"}>{verdictText(verdict)}</Badge>;
}
