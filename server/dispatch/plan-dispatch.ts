/**
 * The rig dispatcher's rules, as a pure function of what the database holds now: the open test
 * sessions of every run, the rigs with what their agents last said they were doing, and the time.
 * It decides which sessions end (their run ended), which are interrupted and played again (their
 * rig went quiet, its agent does not play them, playback stalled), which go back to the queue (an
 * offer that was not taken up), which rigs must stop playing a session that is closed, and which
 * idle rigs are offered which waiting sessions. Nothing here waits: every open state has a rule
 * that ends it within a bounded time (docs/decisions.md, "Liveness").
 */
import type { AgentPhase } from "@/lib/rig-protocol";
import { isTerminalRunState } from "@/lib/states";

/**
 * A rig not heard from for this long (no heartbeat, no message) is lost. Long enough to ride out
 * a short network cut (the agent spools meanwhile); a restarted agent is found at once by its
 * own account instead.
 */
export const RIG_SILENT_MS = 15_000;
/** An agent's report older than an offer by this much, not naming the session, means it does not play it. */
const MISMATCH_GRACE_MS = 2_000;
/** An offered session must start within this long, unless its agent reports preparing it. */
export const START_TIMEOUT_MS = 30_000;
/** Preparing (fetching the video) may take this long. */
export const PREPARE_TIMEOUT_MS = 10 * 60_000;
/** A playing session whose position does not move for this long has stalled. */
export const STALL_MS = 30_000;
/** An agent delivering a finished session's events may take this long. */
export const FINISH_TIMEOUT_MS = 120_000;

export type DispatchRun = {
  id: string;
  state: string;
  control: string;
  /** Replays allowed after interruptions (per video). */
  maxReruns: number;
  /** Higher first. */
  priority: number;
};

export type DispatchSession = {
  id: string;
  workflowId: string;
  videoId: string;
  rigId: string | null;
  status: "pending" | "running";
  attempt: number;
  /** Position in its run's execution plan. */
  order: number;
  createdAt: number;
  offeredAt: number | null;
  startedAt: number | null;
  positionMs: number;
  positionAt: number | null;
};

/** A rig's display calibration, waiting or playing (db/schema/calibrations.ts). */
export type DispatchCalibration = {
  id: string;
  rigId: string;
  status: "pending" | "running";
  createdAt: number;
  offeredAt: number | null;
  startedAt: number | null;
  positionMs: number;
  positionAt: number | null;
};

/** A calibration waits this long for its rig to be online and free, then fails. */
export const CALIBRATION_WAIT_MS = 30 * 60_000;

export type DispatchRig = {
  id: string;
  name: string;
  status: string;
  lastSeenAt: number | null;
  agent: { sessionId: string | null; phase: AgentPhase | null; since: number | null };
};

export type DispatchInput = {
  now: number;
  /**
   * Since when this dispatcher has been watching without a break (its start, or the end of a
   * database outage): silence before then says nothing about a rig, so agents that reconnect
   * after a server restart are not taken for lost.
   */
  watchingSince: number;
  runs: ReadonlyMap<string, DispatchRun>;
  /** The open sessions this step may change (some may be missing: a rig message held them). */
  sessions: readonly DispatchSession[];
  rigs: readonly DispatchRig[];
  /** Rigs with an open session, whether or not that session is among `sessions`. */
  busyRigIds: ReadonlySet<string>;
  /** The sessions agents say they work on, as the database has them (missing: no such session). */
  agentSessions: ReadonlyMap<string, { status: string; rigId: string | null }>;
  /** Open calibrations (at most one per rig); absent: none. */
  calibrations?: readonly DispatchCalibration[];
  /**
   * Sessions and calibrations whose offer is still on its way to the rig (sent, not yet answered):
   * an agent's report cannot say yet whether it took them. Once taken, the offer's time is that
   * of its answer. Absent: none.
   */
  delivering?: ReadonlySet<string>;
};

export type DispatchPlan = {
  /** Open sessions of runs that ended or were cancelled. */
  cancels: { sessionId: string; rigId: string | null; reason: string }[];
  /** Running sessions that cannot finish; `rerun`: the video is played again (an attempt is left). */
  interrupts: { sessionId: string; rigId: string | null; reason: string; rerun: boolean }[];
  /** Offered sessions that did not start: back to the queue. */
  releases: { sessionId: string; rigId: string; reason: string }[];
  /** A rig whose agent plays a session that is closed (or not its own) is told to stop. */
  stops: { rigId: string; sessionId: string; reason: string }[];
  /** Rigs that are gone quiet but still marked online. */
  offline: string[];
  offers: { sessionId: string; rigId: string }[];
  /** Calibrations whose rig is free: they go before any run's session. */
  calibrationOffers: { calibrationId: string; rigId: string }[];
  /** Calibrations that cannot finish (never replayed: the engineer asks again). */
  calibrationFailures: { calibrationId: string; rigId: string; reason: string }[];
};

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export function planDispatch(input: DispatchInput): DispatchPlan {
  const { now, watchingSince, runs } = input;
  const plan: DispatchPlan = {
    cancels: [],
    interrupts: [],
    releases: [],
    stops: [],
    offline: [],
    offers: [],
    calibrationOffers: [],
    calibrationFailures: [],
  };
  const rigs = new Map(input.rigs.map((r) => [r.id, r]));
  /** How long the rig has been quiet, counting only time this dispatcher was watching. */
  const silentFor = (rig: DispatchRig) => now - Math.max(rig.lastSeenAt ?? Number.NEGATIVE_INFINITY, watchingSince);
  const heard = (rig: DispatchRig) => silentFor(rig) <= RIG_SILENT_MS;
  /** The agent's latest report is newer than `since` by the grace period. */
  const reportedAfter = (rig: DispatchRig, since: number) => (rig.lastSeenAt ?? 0) > since + MISMATCH_GRACE_MS;

  const stillOpen: DispatchSession[] = [];
  const closed = new Set<string>();
  for (const session of input.sessions) {
    const run = runs.get(session.workflowId);
    if (!run || isTerminalRunState(run.state) || run.control === "cancelled") {
      const reason = !run
        ? "its run is gone"
        : run.control === "cancelled" || run.state === "cancelled"
          ? "the run was cancelled"
          : `the run ${run.state === "failed" ? "failed" : "ended"} before this session finished`;
      plan.cancels.push({ sessionId: session.id, rigId: session.rigId, reason });
      closed.add(session.id);
      continue;
    }
    const rig = session.rigId ? rigs.get(session.rigId) : undefined;
    if (session.status === "running") {
      const reason = interruption(session, rig);
      if (reason) {
        plan.interrupts.push({
          sessionId: session.id,
          rigId: session.rigId,
          reason,
          rerun: session.attempt <= run.maxReruns,
        });
        closed.add(session.id);
        continue;
      }
    } else if (session.rigId) {
      const reason = releaseReason(session, rig);
      if (reason) {
        plan.releases.push({ sessionId: session.id, rigId: session.rigId, reason });
        stillOpen.push({ ...session, rigId: null, offeredAt: null });
        continue;
      }
    }
    stillOpen.push(session);
  }

  function interruption(session: DispatchSession, rig: DispatchRig | undefined): string | null {
    if (!rig) return "interrupted: its rig was removed";
    if (rig.status === "disabled") return `interrupted: rig ${rig.name} was disabled`;
    if (!heard(rig)) return `interrupted: rig ${rig.name} was lost (not heard from for ${seconds(silentFor(rig))})`;
    const since = session.offeredAt ?? session.startedAt ?? session.createdAt;
    if (rig.agent.sessionId !== session.id) {
      if (reportedAfter(rig, since)) {
        return `interrupted: the agent on rig ${rig.name} is not playing it (it restarted, or lost the session)`;
      }
      return null;
    }
    const phaseFor = now - (rig.agent.since ?? now);
    if (rig.agent.phase === "playing") {
      const still = now - (session.positionAt ?? session.startedAt ?? now);
      if (still > STALL_MS)
        return `interrupted: playback stalled at ${clock(session.positionMs)} for ${seconds(still)}`;
    }
    if (rig.agent.phase === "finishing") {
      return phaseFor > FINISH_TIMEOUT_MS
        ? `interrupted: rig ${rig.name} could not deliver the session's events within ${seconds(FINISH_TIMEOUT_MS)}`
        : null;
    }
    if (rig.agent.phase !== "playing" && phaseFor > PREPARE_TIMEOUT_MS) {
      return `interrupted: the agent on rig ${rig.name} has reported it as ${rig.agent.phase ?? "unknown"} for ${seconds(phaseFor)}`;
    }
    return null;
  }

  function releaseReason(session: DispatchSession, rig: DispatchRig | undefined): string | null {
    if (!rig || rig.status === "disabled") return "its rig is gone";
    if (!heard(rig)) return `rig ${rig.name} went quiet before starting it`;
    if (input.delivering?.has(session.id)) return null;
    const offeredAt = session.offeredAt ?? session.createdAt;
    const mine = rig.agent.sessionId === session.id;
    if (!mine && reportedAfter(rig, offeredAt)) return `rig ${rig.name} did not take it`;
    const waited = now - offeredAt;
    if (mine && rig.agent.phase === "preparing") {
      return waited > PREPARE_TIMEOUT_MS ? `rig ${rig.name} could not prepare it in ${seconds(waited)}` : null;
    }
    return waited > START_TIMEOUT_MS ? `rig ${rig.name} did not start it within ${seconds(START_TIMEOUT_MS)}` : null;
  }

  // Calibrations: bounded like sessions, but an interrupted one fails (no replay).
  const calibrating = new Set<string>();
  const waitingCalibrations: DispatchCalibration[] = [];
  for (const c of input.calibrations ?? []) {
    const rig = rigs.get(c.rigId);
    const asSession: DispatchSession = {
      ...c,
      workflowId: "",
      videoId: "",
      rigId: c.offeredAt === null && c.status === "pending" ? null : c.rigId,
      attempt: 1,
      order: 0,
    };
    let reason: string | null = null;
    if (c.status === "running") reason = interruption(asSession, rig);
    else if (c.offeredAt !== null) reason = releaseReason(asSession, rig);
    else if (now - c.createdAt > CALIBRATION_WAIT_MS) {
      reason = `rig ${rig?.name ?? c.rigId} was not online and free within ${seconds(CALIBRATION_WAIT_MS)}`;
    }
    if (reason) {
      plan.calibrationFailures.push({
        calibrationId: c.id,
        rigId: c.rigId,
        reason: reason.replace(/^interrupted: /, ""),
      });
      continue;
    }
    calibrating.add(c.rigId);
    if (c.status === "pending" && c.offeredAt === null) waitingCalibrations.push(c);
  }

  // Agents playing what they should not: a closed session, or one given to another rig. Judged
  // on the session as the database has it, not on this step's view (which may lack it).
  for (const rig of input.rigs) {
    const playing = rig.agent.sessionId;
    if (!playing || (rig.agent.phase !== "playing" && rig.agent.phase !== "preparing") || !heard(rig)) continue;
    const closedNow =
      [...plan.cancels, ...plan.interrupts].find((c) => c.sessionId === playing) ??
      plan.calibrationFailures.find((c) => c.calibrationId === playing);
    if (closedNow) {
      plan.stops.push({ rigId: rig.id, sessionId: playing, reason: closedNow.reason });
      continue;
    }
    const stored = input.agentSessions.get(playing);
    const open = stored && (stored.status === "pending" || stored.status === "running");
    if (open && stored.rigId === rig.id) continue;
    const reason = !stored
      ? "the server has no such session"
      : open
        ? "the session was given to another rig"
        : `the server closed this session (${stored.status})`;
    plan.stops.push({ rigId: rig.id, sessionId: playing, reason });
  }

  for (const rig of input.rigs) {
    if (rig.status === "online" && !heard(rig)) plan.offline.push(rig.id);
  }

  // Offers: idle rigs heard from since this dispatcher started watching take the waiting
  // sessions, the most urgent run first, then in each run's order.
  // Busy: every rig that had an open session before this step, and every one that keeps one.
  const busy = new Set([...input.busyRigIds, ...stillOpen.filter((s) => s.rigId).map((s) => s.rigId as string)]);
  const free = (r: DispatchRig) =>
    r.status === "online" &&
    heard(r) &&
    (r.lastSeenAt ?? 0) >= watchingSince &&
    !busy.has(r.id) &&
    (r.agent.phase === "idle" || r.agent.phase === null) &&
    !plan.stops.some((s) => s.rigId === r.id);
  // A calibration takes its rig as soon as it is free, before any run's next session.
  for (const c of waitingCalibrations) {
    const rig = rigs.get(c.rigId);
    if (rig && free(rig)) plan.calibrationOffers.push({ calibrationId: c.id, rigId: c.rigId });
  }
  const released = new Set(plan.releases.map((r) => r.sessionId));
  const idle = input.rigs
    .filter((r) => free(r) && !calibrating.has(r.id))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const waiting = stillOpen
    // A paused run's sessions wait: none is offered until it is resumed.
    .filter(
      (s) =>
        s.status === "pending" &&
        s.rigId === null &&
        !released.has(s.id) &&
        !closed.has(s.id) &&
        runs.get(s.workflowId)?.control !== "paused",
    )
    .sort(
      (a, b) =>
        (runs.get(b.workflowId)?.priority ?? 0) - (runs.get(a.workflowId)?.priority ?? 0) ||
        a.createdAt - b.createdAt ||
        a.order - b.order ||
        a.id.localeCompare(b.id),
    );
  for (const [index, rig] of idle.entries()) {
    const session = waiting[index];
    if (!session) break;
    plan.offers.push({ sessionId: session.id, rigId: rig.id });
  }
  return plan;
}
