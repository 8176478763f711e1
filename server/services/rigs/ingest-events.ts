/**
 * Stores a batch of detection events from a rig, idempotently: `(session_id, seq)` is unique, so
 * an event sent again after a reconnect is acknowledged and ignored. A used seq with different
 * content is refused (and logged): the whole batch is rolled back, nothing is written, and the
 * agent is told which seqs clash. One statement inserts the whole batch.
 *
 * Events are checked one by one: one that the protocol refuses (a class too long, times beyond
 * 64 bits, a NUL character), or that goes past the session's bound on events (from its video's
 * length, lib/validation/limits.ts), is refused by its seq — the agent drops it and sends the rest
 * — and the session fails at once: its evidence is no longer whole, and a rig flooding events is
 * stopped rather than stored without end.
 */

import { and, eq, inArray, sql } from "drizzle-orm";
import { detectionEvents, testSessions, videos } from "@/db/schema";
import { normaliseDetectionClass } from "@/lib/analysis/class-names";
import {
  describeIssue,
  detectionEventSchema,
  type EventBatchAck,
  isWellFormedEvent,
  type RigDetectionEvent,
} from "@/lib/rig-protocol";
import { sessionEventsMax } from "@/lib/validation/limits";
import { getDb } from "@/server/runtime/slot";
import { logger } from "../../logger";

type Stored = typeof detectionEvents.$inferSelect;

class BatchRefused extends Error {
  constructor(readonly ack: EventBatchAck) {
    super(ack.ok ? "refused" : ack.error);
  }
}

const sameEvent = (e: RigDetectionEvent, s: Stored) =>
  e.line === s.line &&
  e.edge === s.edge &&
  e.videoTimeUs === s.videoTimeUs &&
  e.rigMonotonicNs === s.rigMonotonicNs?.toString() &&
  e.readMonotonicNs === s.readMonotonicNs?.toString() &&
  normaliseDetectionClass(e.class) === s.class &&
  (e.confidence ?? null) === s.confidence;

/**
 * Sessions that take events: assigned to this rig and not completed. A session the server closed
 * before its end (interrupted, cancelled) still takes the events its agent read before it heard
 * of it: they are kept as the record of what the rig saw (never analysed), and the agent's spool
 * drains. A completed session's events are final.
 */
async function checkSession(
  rigId: string,
  sessionId: string,
): Promise<{ refusal: string; unknown?: true } | { eventsMax: number; durationMs: number | null }> {
  const [session] = await getDb()
    .select({ rigId: testSessions.rigId, status: testSessions.status, durationMs: videos.durationMs })
    .from(testSessions)
    .leftJoin(videos, eq(videos.id, testSessions.videoId))
    .where(eq(testSessions.id, sessionId));
  if (!session) return { refusal: `Session ${sessionId} is not assigned to this rig.`, unknown: true };
  if (session.rigId !== rigId) return { refusal: `Session ${sessionId} is not assigned to this rig.` };
  if (session.status === "completed") return { refusal: `Session ${sessionId} is completed: it takes no more events.` };
  return { eventsMax: sessionEventsMax(session.durationMs), durationMs: session.durationMs };
}

/**
 * `failSession`: why the session must fail (an event was refused), for the caller to close it.
 * `unknownSession`: no test session has this id (it may be a calibration's).
 */
export type Ingested = { ack: EventBatchAck; stored: RigDetectionEvent[]; failSession?: string; unknownSession?: true };

type Refused = { seq: number; error: string };

/** Each event checked on its own; those refused are named by their seq. */
function sortEvents(raw: readonly unknown[], eventsMax: number, durationMs: number | null) {
  const valid: RigDetectionEvent[] = [];
  const refused: Refused[] = [];
  for (const item of raw) {
    if (isWellFormedEvent(item) && item.seq < eventsMax) {
      valid.push(item);
      continue;
    }
    const seq = (item as { seq?: unknown } | null)?.seq;
    const parsed = detectionEventSchema.safeParse(item);
    if (!parsed.success) {
      if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0)
        return { unnamed: describeIssue(parsed.error) };
      refused.push({ seq, error: describeIssue(parsed.error) });
    } else if (parsed.data.seq >= eventsMax) {
      // Seqs count a session's events from 0 and are never reused: a seq past the bound is an event past it.
      refused.push({
        seq: parsed.data.seq,
        error: `more than ${eventsMax.toLocaleString("en")} events for a video of ${durationMs === null ? "unknown length" : `${Math.round(durationMs / 1000)} s`}`,
      });
    } else valid.push(parsed.data);
  }
  return { valid, refused };
}

export async function ingestEvents(rigId: string, batch: { sessionId: string; events: unknown[] }): Promise<Ingested> {
  const refused = (ack: EventBatchAck): Ingested => ({ ack, stored: [] });
  const session = await checkSession(rigId, batch.sessionId);
  if ("refusal" in session) {
    return { ...refused({ ok: false, error: session.refusal }), ...(session.unknown ? { unknownSession: true } : {}) };
  }
  const sorted = sortEvents(batch.events, session.eventsMax, session.durationMs);
  if ("unnamed" in sorted) {
    return refused({ ok: false, error: `an event without a valid seq was sent: ${sorted.unnamed}` });
  }
  if (sorted.refused.length > 0) {
    const first = sorted.refused[0] as Refused;
    const reason = `the rig sent ${sorted.refused.length === 1 ? "an event" : `${sorted.refused.length} events`} the server cannot take (seq ${first.seq}: ${first.error})`;
    logger.warn({ rigId, sessionId: batch.sessionId, refused: sorted.refused.slice(0, 5) }, "rig events refused");
    // Nothing of the batch is stored: the agent drops the refused seqs and sends the rest again.
    return {
      ack: { ok: false, error: reason, refused: sorted.refused },
      stored: [],
      failSession: `${reason}; this video's evidence is incomplete`,
    };
  }
  // The same seq twice in one batch must carry the same event.
  const bySeq = new Map<number, RigDetectionEvent>();
  for (const event of sorted.valid) {
    const earlier = bySeq.get(event.seq);
    if (earlier && JSON.stringify(earlier) !== JSON.stringify(event)) {
      return refused({
        ok: false,
        error: `seq ${event.seq} appears twice in the batch with different content`,
        refused: [{ seq: event.seq, error: "sent twice with different content" }],
      });
    }
    bySeq.set(event.seq, event);
  }
  const events = [...bySeq.values()];
  const payload = JSON.stringify(
    events.map((e) => ({
      seq: e.seq,
      line: e.line,
      edge: e.edge,
      video_time_us: e.videoTimeUs,
      rig_monotonic_ns: e.rigMonotonicNs,
      read_monotonic_ns: e.readMonotonicNs,
      class: normaliseDetectionClass(e.class),
      confidence: e.confidence ?? null,
    })),
  );
  try {
    return await getDb().transaction(async (tx) => {
      const inserted = await tx.execute<{ seq: string }>(sql`
        insert into detection_events
          (session_id, seq, line, edge, video_time_us, rig_monotonic_ns, read_monotonic_ns, class, confidence)
        select ${batch.sessionId}::uuid, x.seq, x.line, x.edge, x.video_time_us, x.rig_monotonic_ns,
               x.read_monotonic_ns, x.class, x.confidence
        from jsonb_to_recordset(${payload}::jsonb) as x(
          seq bigint, line text, edge text, video_time_us bigint, rig_monotonic_ns bigint,
          read_monotonic_ns bigint, class text, confidence double precision)
        on conflict (session_id, seq) do nothing
        returning seq`);
      const stored = new Set(inserted.map((r) => Number(r.seq)));
      const others = events.filter((e) => !stored.has(e.seq));
      if (others.length > 0) {
        const existing = await tx
          .select()
          .from(detectionEvents)
          .where(
            and(
              eq(detectionEvents.sessionId, batch.sessionId),
              inArray(
                detectionEvents.seq,
                others.map((e) => e.seq),
              ),
            ),
          );
        const bySeqStored = new Map(existing.map((s) => [s.seq, s]));
        const clashes = others.filter((e) => {
          const s = bySeqStored.get(e.seq);
          return !s || !sameEvent(e, s);
        });
        if (clashes.length > 0) {
          logger.warn(
            { rigId, sessionId: batch.sessionId, seqs: clashes.map((e) => e.seq) },
            "rig sent different events under seqs already used; batch refused",
          );
          throw new BatchRefused({
            ok: false,
            error: `seq ${clashes.map((e) => e.seq).join(", ")} already holds a different event: seqs are never reused`,
            refused: clashes.map((e) => ({ seq: e.seq, error: "already holds a different event" })),
          });
        }
      }
      return {
        ack: { ok: true, stored: stored.size, duplicates: others.length, acked: events.map((e) => e.seq) },
        stored: events.filter((e) => stored.has(e.seq)),
      } satisfies Ingested;
    });
  } catch (error) {
    if (error instanceof BatchRefused) return refused(error.ack);
    throw error;
  }
}
