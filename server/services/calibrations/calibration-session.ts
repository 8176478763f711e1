/**
 * A calibration as a session of its rig's agent: the offer (the calibration video, with its
 * flashes for a simulated display), the agent's start, its edges (stored idempotently by seq,
 * bounded), and its end — where the edges are paired with the flashes
 * (lib/calibration/display-latency.ts) and the result kept, or the calibration fails with why.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { calibrationEdges, rigCalibrations, rigs } from "@/db/schema";
import { CalibrationRefused, displayLatency } from "@/lib/calibration/display-latency";
import { flashSchedule } from "@/lib/calibration/flash-schedule";
import {
  type Ack,
  describeIssue,
  detectionEventSchema,
  type EventBatchAck,
  type SessionAssignment,
} from "@/lib/rig-protocol";
import { getDb } from "@/server/runtime/slot";
import { notifyDispatch } from "../../dispatch/notify-dispatch";
import { publishRigChanged } from "../../realtime/publish";

type Calibration = typeof rigCalibrations.$inferSelect;

/** Edges a calibration may hold: both edges of every flash twice over, and some to spare. */
const calibrationEdgesMax = (flashes: number) => flashes * 4 + 200;

/** The calibration a session id names, if it is one. */
export async function calibrationById(id: string): Promise<Calibration | null> {
  const [row] = await getDb().select().from(rigCalibrations).where(eq(rigCalibrations.id, id));
  return row ?? null;
}

/** What the rig is sent: the calibration video (made and kept on first use) and its flashes. */
export async function calibrationAssignment(id: string): Promise<SessionAssignment | null> {
  const calibration = await calibrationById(id);
  if (!calibration) return null;
  const { cachedCalibrationVideo } = await import("../../calibration/calibration-video");
  const video = await cachedCalibrationVideo(calibration);
  const s = video.schedule;
  return {
    sessionId: calibration.id,
    workflowId: null,
    video: {
      id: calibration.id,
      fileName: `calibration-${s.flashes.length}f-${s.fps}fps.mp4`,
      sha256: video.sha256,
      durationMs: Math.round((s.frames * 1000) / s.fps),
      url: `/api/rig/calibrations/${calibration.id}/video`,
    },
    calibration: {
      signal: calibration.signal,
      flashesUs: s.flashes.map((f) => Math.round(f.timeMs * 1000)),
      flashUs: Math.round((s.flashFrames * 1e6) / s.fps),
    },
  };
}

const openOnRig = (id: string, rigId: string) =>
  and(
    eq(rigCalibrations.id, id),
    eq(rigCalibrations.rigId, rigId),
    inArray(rigCalibrations.status, ["pending", "running"]),
  );

async function announce(rigId: string) {
  const [rig] = await getDb()
    .select({ id: rigs.id, name: rigs.name, status: rigs.status })
    .from(rigs)
    .where(eq(rigs.id, rigId));
  if (rig) publishRigChanged(rig);
}

export async function startCalibration(
  rigId: string,
  message: { sessionId: string; anchorSource: string; anchorMonotonicNs: string; source?: string | null },
): Promise<Ack> {
  const [rig] = await getDb().select({ capabilities: rigs.capabilities }).from(rigs).where(eq(rigs.id, rigId));
  const updated = await getDb()
    .update(rigCalibrations)
    .set({
      status: "running",
      anchorSource: message.anchorSource,
      anchorMonotonicNs: BigInt(message.anchorMonotonicNs),
      player:
        [
          rig?.capabilities.player ? `player ${rig.capabilities.player}` : null,
          message.source ? `source ${message.source}` : null,
        ]
          .filter(Boolean)
          .join(", ") || null,
      startedAt: sql`coalesce(${rigCalibrations.startedAt}, now())`,
      positionAt: sql`coalesce(${rigCalibrations.positionAt}, now())`,
    })
    .where(openOnRig(message.sessionId, rigId))
    .returning({ id: rigCalibrations.id });
  void announce(rigId);
  return updated.length
    ? { ok: true }
    : {
        ok: false,
        error: `Calibration ${message.sessionId} is not waiting for this rig (finished, or another rig's).`,
      };
}

/** Stores a batch of the calibration's edges; a seq already stored is acknowledged again. */
export async function ingestCalibrationEdges(
  rigId: string,
  calibration: Calibration,
  batch: { sessionId: string; events: unknown[] },
): Promise<EventBatchAck> {
  if (calibration.rigId !== rigId) return { ok: false, error: `Calibration ${calibration.id} is not this rig's.` };
  if (calibration.status === "completed") return { ok: false, error: `Calibration ${calibration.id} is completed.` };
  const max = calibrationEdgesMax(calibration.flashes);
  const rows: (typeof calibrationEdges.$inferInsert)[] = [];
  const refused: { seq: number; error: string }[] = [];
  for (const item of batch.events) {
    const parsed = detectionEventSchema.safeParse(item);
    const seq = (item as { seq?: unknown } | null)?.seq;
    if (!parsed.success) {
      if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) {
        return { ok: false, error: `an edge without a valid seq was sent: ${describeIssue(parsed.error)}` };
      }
      refused.push({ seq, error: describeIssue(parsed.error) });
    } else if (parsed.data.seq >= max) {
      refused.push({ seq: parsed.data.seq, error: `more than ${max} edges for ${calibration.flashes} flashes` });
    } else {
      rows.push({
        calibrationId: calibration.id,
        seq: parsed.data.seq,
        line: parsed.data.line,
        edge: parsed.data.edge,
        videoTimeUs: parsed.data.videoTimeUs,
        rigMonotonicNs: BigInt(parsed.data.rigMonotonicNs),
      });
    }
  }
  if (refused.length) {
    await failCalibration(
      calibration.id,
      `the rig sent edges the server cannot take (seq ${refused[0]?.seq}: ${refused[0]?.error})`,
    );
    return { ok: false, error: `edges refused: ${refused[0]?.error}`, refused };
  }
  if (rows.length) await getDb().insert(calibrationEdges).values(rows).onConflictDoNothing();
  return { ok: true, stored: rows.length, duplicates: 0, acked: rows.map((r) => r.seq) };
}

async function failCalibration(id: string, error: string): Promise<void> {
  const [row] = await getDb()
    .update(rigCalibrations)
    .set({ status: "failed", error, finishedAt: new Date() })
    .where(and(eq(rigCalibrations.id, id), inArray(rigCalibrations.status, ["pending", "running"])))
    .returning({ rigId: rigCalibrations.rigId });
  if (row) void announce(row.rigId);
}

/**
 * The agent ends the calibration: once it holds every edge the agent emitted, the edges of the
 * chosen signal are paired with the flashes and the result kept; too few flashes seen, a failed
 * playback, or a stopped agent fail it with the reason. Idempotent.
 */
export async function finishCalibration(
  rigId: string,
  calibration: Calibration,
  message: { status: "completed" | "failed" | "interrupted"; emitted: number; error?: string | null },
): Promise<Ack> {
  if (calibration.rigId !== rigId) return { ok: false, error: `Calibration ${calibration.id} is not this rig's.` };
  if (calibration.status === "completed" || calibration.status === "failed") return { ok: true };
  if (message.status !== "completed") {
    await failCalibration(
      calibration.id,
      message.status === "interrupted"
        ? `interrupted: ${message.error ?? "the agent stopped"}; ask for the calibration again`
        : (message.error ?? "playback failed"),
    );
    return { ok: true };
  }
  const edges = await getDb()
    .select()
    .from(calibrationEdges)
    .where(eq(calibrationEdges.calibrationId, calibration.id))
    .orderBy(asc(calibrationEdges.seq));
  if (edges.length < message.emitted) {
    return {
      ok: false,
      retry: true,
      error: `The server holds ${edges.length} of the ${message.emitted} edges of calibration ${calibration.id}: send the rest first.`,
    };
  }
  const schedule = flashSchedule(calibration);
  const flashesUs = schedule.flashes.map((f) => Math.round(f.timeMs * 1000));
  const rising = edges.filter((e) => e.edge === "rising").map((e) => e.videoTimeUs);
  try {
    const result = displayLatency(flashesUs, rising);
    await getDb().transaction(async (tx) => {
      await tx
        .update(rigCalibrations)
        .set({ status: "completed", result, error: null, finishedAt: new Date() })
        .where(openOnRig(calibration.id, rigId));
      await notifyDispatch(tx);
    });
  } catch (error) {
    if (!(error instanceof CalibrationRefused)) throw error;
    await failCalibration(calibration.id, error.message);
  }
  void announce(rigId);
  return { ok: true };
}

/** A heartbeat's position for the calibration the agent plays (a position that stops is a stall). */
export async function recordCalibrationPosition(rigId: string, id: string, positionMs: number): Promise<void> {
  await getDb()
    .update(rigCalibrations)
    .set({ positionMs, positionAt: sql`now()` })
    .where(
      and(
        eq(rigCalibrations.id, id),
        eq(rigCalibrations.rigId, rigId),
        eq(rigCalibrations.status, "running"),
        sql`${rigCalibrations.positionMs} <> ${positionMs}`,
      ),
    );
}
