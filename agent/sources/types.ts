/** A source of the camera's detection signal, timestamped on the rig's monotonic clock. */
import type { SessionAssignment } from "@/lib/rig-protocol";

export type SourceEdge = {
  line: string;
  edge: "rising" | "falling";
  /** When the edge happened (kernel timestamp, or receipt time), CLOCK_MONOTONIC ns. */
  rigNs: bigint;
  class?: string | null;
  confidence?: number | null;
  /** An edge of the sync line (a photodiode on the screen), not of the camera. */
  sync?: boolean;
};

type SessionContext = {
  assignment: SessionAssignment;
  anchorNs: bigint;
  /** Video time runs this many times faster than real time (simulated playback only). */
  speed: number;
  signal: AbortSignal;
  emit: (edge: SourceEdge) => void;
  /**
   * When the frame at a video time (µs) reaches the screen, as the simulated display has it
   * (its latency and drift); absent for real players, whose screen is the real one.
   */
  visibleNs?: (videoUs: number) => bigint;
};

export type Source = {
  name: string;
  /** What the edges' timestamps are read from (known once started), recorded with each session. */
  eventClock(): string;
  /** Starts watching the signal; edges are passed on while a session plays. */
  start(emit: (edge: SourceEdge) => void): Promise<void>;
  /** Called when a session's playback has started (a simulated or replayed source acts then). */
  session?(context: SessionContext): Promise<void>;
  /** Resolves with the next sync pulse (rising edge of the sync line), where the source has one. */
  nextSyncPulse?(): Promise<bigint>;
  stop(): void;
};
