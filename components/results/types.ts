import type { RouterOutputs } from "@/components/trpc/client";

export type Results = RouterOutputs["results"]["byWorkflow"];
export type Timeline = Results["timelines"][number];
