import { Badge } from "@/components/ui/badge";

/**
 * Marks a run whose playback was simulated: no rig played its videos, so its figures say
 * nothing about a camera. Shown wherever the run or its verdict appears.
 */
export function DryRunBadge({ dryRun }: { dryRun: boolean }) {
  if (!dryRun) return null;
  return (
    <span title="Simulated playback without a rig: these results say nothing about the camera">
      <Badge tone="warn">DRY RUN</Badge>
    </span>
  );
}
