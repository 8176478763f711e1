import { Badge } from "./badge";

/**
 * A run's verdict as a badge: PASS, FAIL, INCOMPLETE when some assigned video has no completed
 * session, or N/A when nothing could be judged.
 */
export function VerdictBadge({ verdict }: { verdict: string | null }) {
  if (verdict === "pass") return <Badge tone="good">PASS</Badge>;
  if (verdict === "fail") return <Badge tone="bad">FAIL</Badge>;
  if (verdict === "incomplete") return <Badge tone="warn">INCOMPLETE</Badge>;
  return <Badge tone="muted">N/A</Badge>;
}
