import { Badge } from "@/components/ui/badge";

const tone = (state: string) =>
  state === "completed" || state === "succeeded"
    ? "good"
    : state === "failed"
      ? "bad"
      : state === "cancelled" || state === "skipped" || state === "pending" || state === "initialized"
        ? "muted"
        : state === "paused"
          ? "neutral"
          : "info";

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={tone(state)}>{state.replaceAll("_", " ")}</Badge>;
}
