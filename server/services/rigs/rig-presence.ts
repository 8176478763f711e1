/**
 * What the server knows of a connected rig: who it is (by token), whether it is online, and its
 * sessions' start and end as the agent reports them.
 */
import { and, count, eq, sql } from "drizzle-orm";
import type { Ack } from "@/agent/protocol";
import { getDb } from "@/db/client";
import { detectionEvents, rigs, testSessions } from "@/db/schema";
import { publishRigChanged, publishSessionChanged } from "../../realtime/publish";
import { forgetSession } from "../../realtime/session-monitor";
import { hashRigToken } from "./rig-token";

export async function findRigByToken(token: string) {
  const [rig] = await getDb()
    .select({ id: rigs.id, name: rigs.name, status: rigs.status })
    .from(rigs)
    .where(eq(rigs.tokenHash, hashRigToken(token)));
  return rig ?? null;
}

export async function setRigPresence(rigId: string, online: boolean, capabilities?: Record<string, unknown>) {
  const updated = await getDb()
    .update(rigs)
    .set({
      // A disabled rig stays disabled; a busy one that reconnects is online until its next session.
      status: sql`case when ${rigs.status} = 'disabled' then 'disabled' else ${online ? "online" : "offline"} end`,
      lastSeenAt: new Date(),
      updatedAt: new Date(),
      ...(capabilities ? { capabilities } : {}),
    })
    .where(eq(rigs.id, rigId))
    .returning({ id: rigs.id, name: rigs.name, status: rigs.status });
  for (const rig of updated) publishRigChanged(rig);
}

export async function markSessionStarted(
  rigId: string,
  message: { sessionId: string; anchorSource: string; anchorMonotonicNs: string; clockOffsetNs?: string | null },
): Promise<Ack> {
  const updated = await getDb()
    .update(testSessions)
    .set({
      status: "running",
      anchorSource: message.anchorSource,
      anchorMonotonicNs: BigInt(message.anchorMonotonicNs),
      clockOffsetNs: message.clockOffsetNs == null ? null : BigInt(message.clockOffsetNs),
      startedAt: sql`coalesce(${testSessions.startedAt}, now())`,
    })
    .where(
      and(
        eq(testSessions.id, message.sessionId),
        eq(testSessions.rigId, rigId),
        sql`${testSessions.status} in ('pending', 'running')`,
      ),
    )
    .returning();
  for (const session of updated) publishSessionChanged(session);
  return updated.length
    ? { ok: true }
    : { ok: false, error: `Session ${message.sessionId} is not waiting for this rig (finished, or another rig's).` };
}

export async function markSessionFinished(
  rigId: string,
  message: { sessionId: string; status: "completed" | "failed"; emitted: number; error?: string | null },
): Promise<Ack> {
  const [stored] = await getDb()
    .select({ n: count() })
    .from(detectionEvents)
    .where(eq(detectionEvents.sessionId, message.sessionId));
  const held = stored?.n ?? 0;
  if (message.status === "completed" && held < message.emitted) {
    return {
      ok: false,
      error: `The server holds ${held} of the ${message.emitted} events of session ${message.sessionId}: send the rest first.`,
    };
  }
  const updated = await getDb()
    .update(testSessions)
    .set({ status: message.status, error: message.error ?? null, finishedAt: new Date() })
    .where(
      and(
        eq(testSessions.id, message.sessionId),
        eq(testSessions.rigId, rigId),
        sql`${testSessions.status} in ('pending', 'running')`,
      ),
    )
    .returning();
  for (const session of updated) publishSessionChanged(session);
  forgetSession(message.sessionId);
  return updated.length
    ? { ok: true }
    : { ok: false, error: `Session ${message.sessionId} is not running on this rig.` };
}

/** Playback position of a running session (the agent reports it about once a second). */
export async function recordProgress(rigId: string, message: { sessionId: string; positionMs: number }): Promise<Ack> {
  const updated = await getDb()
    .update(testSessions)
    .set({ positionMs: message.positionMs })
    .where(
      and(eq(testSessions.id, message.sessionId), eq(testSessions.rigId, rigId), eq(testSessions.status, "running")),
    )
    .returning();
  for (const session of updated) publishSessionChanged(session);
  return { ok: true };
}
