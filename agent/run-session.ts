/**
 * One session on the rig: play the video, report the anchor, turn the source's edges into
 * numbered events (video-relative µs, rig and read times) that go to the spool and on to the
 * server, sample the clock once a second, and close the session once every event is acknowledged.
 * A calibration session is played the same way and reports the edges of the line that sees the
 * patch (the sync line's photodiode, or the camera).
 *
 * A session stopped before its end is still closed: the events read so far are delivered (for a
 * while) and the server is told why — `interrupted` when the agent itself is stopping (the server
 * plays the video again elsewhere), nothing more when the server cancelled it (it knows).
 */
import { appendFileSync } from "node:fs";
import type { ClockSample, RigDetectionEvent, SessionAssignment } from "@/lib/rig-protocol";
import type { AgentWork } from "./agent-state";
import { monotonicNs } from "./clock";
import type { Player } from "./players/types";
import { SessionClock } from "./session-clock";
import type { Source, SourceEdge } from "./sources/types";
import type { Spool } from "./spool";
import type { Log, Uplink } from "./uplink";

export type SessionDeps = {
  player: Player;
  source: Source;
  spool: Spool;
  uplink: Uplink;
  work: AgentWork;
  log: Log;
  speed: number;
  /** Whether the source watches a sync line (a photodiode), which a calibration may read. */
  hasSyncLine: boolean;
  /** Where every emitted event is also written (JSON lines), for audits and tests. */
  eventLog?: string;
  videoFile: (assignment: SessionAssignment) => Promise<string | null>;
};

/** Why a session stopped before its end: the server cancelled it, or this agent is stopping. */
export class SessionStop extends Error {
  constructor(
    readonly kind: "cancelled" | "agent-stopping",
    reason: string,
  ) {
    super(reason);
    this.name = "SessionStop";
  }
}

/** How long a stopped session's remaining events may take to reach the server. */
const STOP_DRAIN_MS = 3000;

/** Edges of continuous sources go to the session playing now; none plays → they are dropped. */
export type EdgeRouter = { current: ((edge: SourceEdge) => void) | null };

export async function runSession(
  assignment: SessionAssignment,
  deps: SessionDeps,
  router: EdgeRouter,
  signal: AbortSignal,
): Promise<void> {
  const { sessionId } = assignment;
  const durationMs = assignment.video.durationMs ?? 0;
  const calibration = assignment.calibration;
  let seq = 0;
  let failure: string | null = null;
  let clock: SessionClock | null = null;
  deps.work.enter(sessionId, "preparing");
  try {
    if (calibration && deps.player.name === "none") {
      throw new Error(
        "a calibration needs a player that reports when it shows each frame: start the agent with --player mpv",
      );
    }
    if (calibration?.signal === "sync" && !deps.hasSyncLine) {
      throw new Error(
        "this calibration reads a photodiode on the sync line, and the agent watches none: start it with --sync-line",
      );
    }
    const file = await deps.videoFile(assignment);
    const playback = await deps.player.play({
      file,
      durationMs,
      signal,
      syncPulse: deps.source.nextSyncPulse?.(),
      onProgress: (positionMs) => deps.work.position(positionMs),
    });
    const anchorNs = playback.anchorNs;
    // A calibration keeps the edges of the line that sees the patch; a test session the camera's.
    const wanted = (edge: SourceEdge) => (calibration?.signal === "sync" ? edge.sync === true : !edge.sync);
    const emit = (edge: SourceEdge) => {
      if (!wanted(edge)) return;
      const event: RigDetectionEvent = {
        seq: seq++,
        line: edge.line,
        edge: edge.edge,
        videoTimeUs: Number((edge.rigNs - anchorNs) / 1000n),
        rigMonotonicNs: edge.rigNs.toString(),
        readMonotonicNs: monotonicNs().toString(),
        class: edge.class ?? null,
        confidence: edge.confidence ?? null,
      };
      deps.spool.add(sessionId, event);
      if (deps.eventLog) appendFileSync(deps.eventLog, `${JSON.stringify({ sessionId, ...event })}\n`);
      deps.uplink.kick();
    };
    router.current = emit;
    deps.work.enter(sessionId, "playing");
    const started = await deps.uplink.call(
      "session:started",
      {
        sessionId,
        anchorSource: playback.anchorSource,
        anchorMonotonicNs: anchorNs.toString(),
        clockOffsetNs: deps.uplink.clockOffsetNs?.toString() ?? null,
        source: deps.source.name,
        eventClock: deps.source.eventClock(),
      },
      { signal },
    );
    if (!started.ok) throw new Error(started.error);
    clock = new SessionClock(anchorNs, () => deps.uplink.sampleClock());
    clock.start();
    deps.log("info", `session ${sessionId}: playing ${assignment.video.fileName} (${durationMs / 1000} s)`);
    await Promise.all([
      playback.done,
      deps.source.session?.({
        assignment,
        anchorNs,
        speed: deps.speed,
        signal,
        emit,
        visibleNs: playback.visibleNs,
      }) ?? Promise.resolve(),
    ]);
  } catch (error) {
    if (!signal.aborted) {
      failure = error instanceof Error ? error.message : String(error);
      deps.log("error", `session ${sessionId} failed: ${failure}`);
    }
  } finally {
    router.current = null;
  }
  const samples = clock?.stop() ?? [];
  deps.work.enter(sessionId, "finishing");
  try {
    if (signal.aborted) await stopped(sessionId, seq, deps, signal.reason);
    else await finished(sessionId, seq, failure, deps, samples);
  } finally {
    deps.work.idle();
  }
}

async function finished(
  sessionId: string,
  emitted: number,
  failure: string | null,
  deps: SessionDeps,
  clock: ClockSample[],
) {
  await deps.uplink.drained(sessionId);
  const reply = await deps.uplink.call(
    "session:finished",
    { sessionId, status: failure ? "failed" : "completed", emitted, error: failure, clock },
    // The server holds fewer events than were emitted: deliver them, then ask again.
    { before: () => deps.uplink.drained(sessionId) },
  );
  if (reply.ok) deps.spool.remove(sessionId);
  else deps.log("error", `session ${sessionId}: the server did not close it: ${reply.error}`);
  deps.log("info", `session ${sessionId} finished: ${emitted} events`);
}

async function stopped(sessionId: string, emitted: number, deps: SessionDeps, reason: unknown) {
  const stop = reason instanceof SessionStop ? reason : new SessionStop("cancelled", String(reason));
  deps.log("warn", `session ${sessionId} stopped: ${stop.message}`);
  // What was read is still evidence of the session: deliver it while there is time.
  await deps.uplink.drained(sessionId, undefined, STOP_DRAIN_MS);
  if (stop.kind === "agent-stopping" && deps.uplink.socket.connected) {
    // Tell the server now, so it plays the video again without waiting for this rig to go quiet.
    const reply = await deps.uplink
      .call(
        "session:finished",
        { sessionId, status: "interrupted", emitted, error: stop.message },
        { signal: AbortSignal.timeout(STOP_DRAIN_MS) },
      )
      .catch(() => null);
    if (reply?.ok && deps.spool.count(sessionId) === 0) deps.spool.remove(sessionId);
  } else if (deps.spool.count(sessionId) === 0) {
    deps.spool.remove(sessionId);
  }
}
