/**
 * One session on the rig: play the video, report the anchor, turn the source's edges into
 * numbered events (video-relative µs, rig and read times) that go to the spool and on to the
 * server, and close the session once every event is acknowledged.
 */
import { appendFileSync } from "node:fs";
import { monotonicNs } from "./clock";
import type { Player } from "./players/types";
import type { RigDetectionEvent, SessionAssignment } from "./protocol";
import type { Source, SourceEdge } from "./sources/types";
import type { Spool } from "./spool";
import type { Log, Uplink } from "./uplink";

export type SessionDeps = {
  player: Player;
  source: Source;
  spool: Spool;
  uplink: Uplink;
  log: Log;
  speed: number;
  /** Where every emitted event is also written (JSON lines), for audits and tests. */
  eventLog?: string;
  videoFile: (assignment: SessionAssignment) => Promise<string | null>;
};

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
  let seq = 0;
  let failure: string | null = null;
  try {
    const file = await deps.videoFile(assignment);
    const playback = await deps.player.play({
      file,
      durationMs,
      signal,
      syncPulse: deps.source.nextSyncPulse?.(),
      onProgress: (positionMs) => {
        if (deps.uplink.socket.connected) deps.uplink.socket.volatile.emit("progress", { sessionId, positionMs });
      },
    });
    const anchorNs = playback.anchorNs;
    const emit = (edge: SourceEdge) => {
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
    const started = await deps.uplink.call(
      "session:started",
      {
        sessionId,
        anchorSource: playback.anchorSource,
        anchorMonotonicNs: anchorNs.toString(),
        clockOffsetNs: deps.uplink.clockOffsetNs?.toString() ?? null,
      },
      signal,
    );
    if (!started.ok) throw new Error(started.error);
    deps.log("info", `session ${sessionId}: playing ${assignment.video.fileName} (${durationMs / 1000} s)`);
    await Promise.all([
      playback.done,
      deps.source.session?.({ assignment, anchorNs, speed: deps.speed, signal, emit }) ?? Promise.resolve(),
    ]);
  } catch (error) {
    if (signal.aborted) {
      deps.log("warn", `session ${sessionId} cancelled: ${String(signal.reason)}`);
      return;
    }
    failure = error instanceof Error ? error.message : String(error);
    deps.log("error", `session ${sessionId} failed: ${failure}`);
  } finally {
    router.current = null;
  }
  await deps.uplink.drained(sessionId);
  const finished = await deps.uplink.call("session:finished", {
    sessionId,
    status: failure ? "failed" : "completed",
    emitted: seq,
    error: failure,
  });
  if (finished.ok) deps.spool.remove(sessionId);
  else deps.log("error", `session ${sessionId}: the server did not close it: ${finished.error}`);
  deps.log("info", `session ${sessionId} finished: ${seq} events`);
}
