import type { RouterOutputs } from "@/components/trpc/client";

export type Results = RouterOutputs["results"]["byWorkflow"];
type Timeline = RouterOutputs["results"]["timeline"];

/** A timeline as drawn: live views also mark ground truth that playback has not reached yet. */
export type TimelineView = Omit<Timeline, "groundTruth" | "evaluated"> & {
  groundTruth: (Omit<Timeline["groundTruth"][number], "outcome"> & { outcome: "tp" | "fn" | "pending" })[];
};
