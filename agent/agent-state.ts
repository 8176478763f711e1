/**
 * What this agent is doing now — the session it works on, its phase and playback position — as
 * the server hears it at every connection and in each heartbeat. The server trusts this account
 * over its own records: a session the agent does not name is not being played.
 */

import type { AgentPhase, AgentState } from "@/lib/rig-protocol";
import { monotonicNs } from "./clock";

export class AgentWork {
  private sessionId: string | null = null;
  private phase: AgentPhase = "idle";
  private since = monotonicNs();
  private positionMs = 0;
  private readonly listeners = new Set<() => void>();

  /** Called on every change of session or phase (the uplink sends a heartbeat at once). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  enter(sessionId: string | null, phase: AgentPhase): void {
    if (sessionId === this.sessionId && phase === this.phase) return;
    if (sessionId !== this.sessionId) this.positionMs = 0;
    this.sessionId = sessionId;
    this.phase = phase;
    this.since = monotonicNs();
    for (const listener of this.listeners) listener();
  }

  idle(): void {
    this.enter(null, "idle");
  }

  position(positionMs: number): void {
    this.positionMs = Math.max(0, Math.floor(positionMs));
  }

  get activeSessionId(): string | null {
    return this.sessionId;
  }

  snapshot(): AgentState {
    return {
      sessionId: this.sessionId,
      phase: this.phase,
      phaseMs: Number((monotonicNs() - this.since) / 1_000_000n),
      positionMs: Math.min(this.positionMs, 24 * 3_600_000),
    };
  }
}
