/**
 * What the server knows of a connected rig: who it is (by token), whether it is online, what its
 * agent says it is doing (handshake and heartbeats), and its sessions' start and end as the agent
 * reports them. Every change an agent reports wakes the dispatcher.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { detectionEvents, rigs, testSessions, workflows } from "@/db/schema";
import type { Ack, AgentIdentity, AgentState, ClockSample } from "@/lib/rig-protocol";
import { getDb } from "@/server/runtime/slot";
import { insertReplay } from "../../dispatch/apply-dispatch";
import { notifyDispatch } from "../../dispatch/notify-dispatch";
import { publishRigChanged, publishSessionChanged } from "../../realtime/publish";
import { forgetSession } from "../../realtime/session-monitor";
import { recordCalibrationPosition } from "../calibrations/calibration-session";
import { hashRigToken } from "./rig-token";

/** The current token hash and status of rigs, by id (sockets check theirs against it). */
export async function rigTokens(ids: string[]) {
  const rows = await getDb()
    .select({ id: rigs.id, tokenHash: rigs.tokenHash, status: rigs.status })
    .from(rigs)
    .where(inArray(rigs.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findRigByToken(token: string) {
  const [rig] = await getDb()
    .select({ id: rigs.id, name: rigs.name, status: rigs.status })
    .from(rigs)
    .where(eq(rigs.tokenHash, hashRigToken(token)));
  return rig ?? null;
}

/** The agent's account of its work, as stored on the rig (its phase started phaseMs ago). */
function agentColumns(state: AgentState) {
  return {
    agentSessionId: state.sessionId,
    agentPhase: state.phase,
    agentPhaseSince: sql`now() - make_interval(secs => ${state.phaseMs / 1000})`,
  };
}

export async function setRigPresence(rigId: string, online: boolean, capabilities?: AgentIdentity, state?: AgentState) {
  const updated = await getDb().transaction(async (tx) => {
    const rows = await tx
      .update(rigs)
      .set({
        // A disabled rig stays disabled.
        status: sql`case when ${rigs.status} = 'disabled' then 'disabled' else ${online ? "online" : "offline"} end`,
        lastSeenAt: sql`now()`,
        updatedAt: new Date(),
        ...(capabilities ? { capabilities } : {}),
        ...(state ? agentColumns(state) : {}),
      })
      .where(eq(rigs.id, rigId))
      .returning({ id: rigs.id, name: rigs.name, status: rigs.status });
    await notifyDispatch(tx);
    return rows;
  });
  for (const rig of updated) publishRigChanged(rig);
}

/**
 * A heartbeat: the rig is alive, and this is what its agent does. The playback position of the
 * session it plays is kept with when it last moved (a position that stops is a stalled player).
 * A change of session or phase wakes the dispatcher at once. `ageMs`: how long ago it arrived.
 */
export async function recordHeartbeat(rigId: string, state: AgentState, ageMs = 0): Promise<void> {
  const db = getDb();
  const [before] = await db.execute<{
    agent_session_id: string | null;
    agent_phase: string | null;
    status: string;
  }>(sql`
    with before as (select agent_session_id, agent_phase, status from rigs where id = ${rigId} for update)
    update rigs set
      -- When it arrived (ageMs before this write), never before an earlier account of the rig.
      last_seen_at = greatest(rigs.last_seen_at, now() - make_interval(secs => ${Math.max(0, ageMs) / 1000})),
      status = case when rigs.status = 'disabled' then 'disabled' else 'online' end,
      agent_session_id = ${state.sessionId}, agent_phase = ${state.phase},
      agent_phase_since = case when before.agent_session_id is not distinct from ${state.sessionId}::uuid
                                 and before.agent_phase is not distinct from ${state.phase}
                               then rigs.agent_phase_since
                               else now() - make_interval(secs => ${state.phaseMs / 1000}) end
    from before where rigs.id = ${rigId}
    returning before.agent_session_id, before.agent_phase, before.status`);
  if (!before) return;
  if (before.agent_session_id !== state.sessionId || before.agent_phase !== state.phase || before.status !== "online") {
    await notifyDispatch(db);
  }
  if (state.sessionId && state.phase === "playing") {
    const moved = await db
      .update(testSessions)
      .set({ positionMs: state.positionMs, positionAt: sql`now()` })
      .where(
        and(
          eq(testSessions.id, state.sessionId),
          eq(testSessions.rigId, rigId),
          eq(testSessions.status, "running"),
          sql`${testSessions.positionMs} <> ${state.positionMs}`,
        ),
      )
      .returning();
    for (const session of moved) publishSessionChanged(session);
    // Not a run's session: perhaps a calibration.
    if (moved.length === 0) await recordCalibrationPosition(rigId, state.sessionId, state.positionMs);
  }
}

/** The session, while it is open and assigned to this rig. */
function openOnRig(sessionId: string, rigId: string) {
  return and(
    eq(testSessions.id, sessionId),
    eq(testSessions.rigId, rigId),
    sql`${testSessions.status} in ('pending', 'running')`,
  );
}

export async function markSessionStarted(
  rigId: string,
  message: {
    sessionId: string;
    anchorSource: string;
    anchorMonotonicNs: string;
    clockOffsetNs?: string | null;
    source?: string | null;
    eventClock?: string | null;
  },
): Promise<Ack> {
  const updated = await getDb()
    .update(testSessions)
    .set({
      status: "running",
      anchorSource: message.anchorSource,
      anchorMonotonicNs: BigInt(message.anchorMonotonicNs),
      clockOffsetNs: message.clockOffsetNs == null ? null : BigInt(message.clockOffsetNs),
      signalSource: message.source ?? null,
      eventClock: message.eventClock ?? null,
      startedAt: sql`coalesce(${testSessions.startedAt}, now())`,
      positionAt: sql`coalesce(${testSessions.positionAt}, now())`,
    })
    .where(openOnRig(message.sessionId, rigId))
    .returning();
  for (const session of updated) publishSessionChanged(session);
  return updated.length
    ? { ok: true }
    : { ok: false, error: `Session ${message.sessionId} is not waiting for this rig (finished, or another rig's).` };
}

const finishedStatuses = ["completed", "failed", "interrupted", "cancelled"];

/**
 * The agent closes a session. Idempotent: a session that is already closed (the server
 * interrupted or cancelled it meanwhile, or the agent sends again after a lost reply) is
 * acknowledged as it stands. A completed session must hold every event the agent emitted; an
 * interrupted one (the agent was stopped) is played again when its run allows another attempt.
 */
export async function markSessionFinished(
  rigId: string,
  message: {
    sessionId: string;
    status: "completed" | "failed" | "interrupted";
    emitted: number;
    error?: string | null;
    clock?: ClockSample[] | null;
  },
): Promise<Ack> {
  const [session] = await getDb()
    .select({ session: testSessions, parameters: workflows.parameters })
    .from(testSessions)
    .leftJoin(workflows, eq(workflows.id, testSessions.workflowId))
    .where(eq(testSessions.id, message.sessionId));
  if (!session || session.session.rigId !== rigId) {
    return { ok: false, error: `Session ${message.sessionId} is not assigned to this rig.` };
  }
  if (finishedStatuses.includes(session.session.status)) return { ok: true };
  if (message.status === "completed") {
    const [stored] = await getDb()
      .select({ n: count() })
      .from(detectionEvents)
      .where(eq(detectionEvents.sessionId, message.sessionId));
    const held = stored?.n ?? 0;
    if (held < message.emitted) {
      return {
        ok: false,
        retry: true,
        error: `The server holds ${held} of the ${message.emitted} events of session ${message.sessionId}: send the rest first.`,
      };
    }
  }
  const maxReruns = Number(session.parameters?.maxReruns ?? 2);
  const updated = await getDb().transaction(async (tx) => {
    const rows = await tx
      .update(testSessions)
      .set({
        status: message.status,
        error:
          message.status === "interrupted"
            ? `interrupted: ${message.error ?? "the rig stopped it"}`
            : (message.error ?? null),
        finishedAt: new Date(),
        ...(message.clock ? { clockSamples: message.clock } : {}),
      })
      .where(openOnRig(message.sessionId, rigId))
      .returning();
    const [closed] = rows;
    if (closed && message.status === "interrupted" && closed.attempt <= maxReruns) {
      rows.push(...(await insertReplay(tx, closed)));
    }
    await notifyDispatch(tx);
    return rows;
  });
  for (const row of updated) publishSessionChanged(row);
  forgetSession(message.sessionId);
  return { ok: true };
}
