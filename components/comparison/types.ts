import type { RouterOutputs } from "@/components/trpc/client";

export type Comparison = RouterOutputs["comparisons"]["compare"];

/** A moment of one video to show in both runs: their sessions of it, the time and its label. */
export type Focus = { videoId: string; sessionA: string; sessionB: string; atMs: number; label: string };
