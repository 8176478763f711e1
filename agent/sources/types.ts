/** A source of the camera's detection signal, timestamped on the rig's monotonic clock. */
import type { SessionAssignment } from "@/lib/rig-protocol";

export type SourceEdge = {
  line: string;
  edge: "rising" | "falling";
  /** When the edge happened (kernel timestamp, or receipt time), CLOCK_MONOTONIC ns. */
  rigNs: bigint;
  class?: string | null;
  confidence?: number | null;
};

type SessionContext = {
  assignment: SessionAssignment;
  anchorNs: bigint;
  /** Video time runs this many times faster than real time (simulated playback only). */
  speed: number;
  signal: AbortSignal;
  emit: (edge: SourceEdge) => void;
};

export type Source = {
  name: string;
  /** Starts watching the signal; edges are passed on while a session plays. */
  start(emit: (edge: SourceEdge) => void): Promise<void>;
  /** Called when a session's playback has started (a simulated or replayed source acts then). */
  session?(context: SessionContext): Promise<void>;
  /** Resolves with the next sync pulse (rising edge of the sync line), where the source has one. */
  nextSyncPulse?(): Promise<bigint>;
  stop(): void;
};
