/**
 * One dispatch step, in one transaction: read the open sessions (locking them, skipping any a
 * rig message holds this instant), their runs and the rigs; plan (./plan-dispatch.ts); write the
 * plan — cancels, interruptions with their replays, releases, offers — and return what must be
 * told to rigs once it is committed. Only one process dispatches at a time (an advisory lock
 * taken for the transaction); another process that finds it taken skips its step.
 */
import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { rigCalibrations, rigs, testSessions, workflows } from "@/db/schema";
import type { AgentPhase } from "@/lib/rig-protocol";
import type { RunParameters } from "@/lib/validation/workflow";
import { getDb } from "@/server/runtime/slot";
import { priorityOf } from "../workflow/boss";
import {
  type DispatchCalibration,
  type DispatchPlan,
  type DispatchRun,
  type DispatchSession,
  planDispatch,
} from "./plan-dispatch";

/** The advisory lock of the dispatch step (any constant). */
const DISPATCH_LOCK_KEY = 0x7369676874_646973n;
/** Waiting sessions looked at per step: enough for every idle rig many times over. */
const WAITING_PER_STEP = 500;
/** Sessions of ended runs closed per step (the rest in the next ones). */
const CLOSED_PER_STEP = 2000;

type SessionRow = typeof testSessions.$inferSelect;

export type DispatchStep = {
  plan: DispatchPlan;
  /** Database time of the step. */
  now: number;
  /** Sessions whose row changed (for the live view). */
  changed: SessionRow[];
};

const DEFAULT_MAX_RERUNS = 2;

function maxRerunsOf(parameters: RunParameters): number {
  return parameters.maxReruns ?? DEFAULT_MAX_RERUNS;
}

const time = (d: Date | null) => (d ? d.getTime() : null);

function toDispatchSession(row: SessionRow): DispatchSession {
  return {
    id: row.id,
    workflowId: row.workflowId as string,
    videoId: row.videoId,
    rigId: row.rigId,
    status: row.status as DispatchSession["status"],
    attempt: row.attempt,
    order: row.metadata.order ?? 0,
    createdAt: row.createdAt.getTime(),
    offeredAt: time(row.offeredAt),
    startedAt: time(row.startedAt),
    positionMs: row.positionMs,
    positionAt: time(row.positionAt),
  };
}

/** Runs one step; null when another process holds the dispatch lock. */
export async function applyDispatch(
  watchingSince: number | null,
  delivering: ReadonlySet<string> = new Set(),
): Promise<DispatchStep | null> {
  return getDb().transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean; now: Date }>(
      sql`select pg_try_advisory_xact_lock(${DISPATCH_LOCK_KEY.toString()}::bigint) as locked, now() as now`,
    );
    if (!lock?.locked) return null;
    const now = new Date(lock.now).getTime();
    const open = inArray(testSessions.status, ["pending", "running"]);
    const rigSessions = eq(sql`${testSessions.metadata}->>'source'`, "rig");
    const [assigned, waiting, ofEndedRuns, rigRows, calibrationRows] = await Promise.all([
      tx
        .select()
        .from(testSessions)
        .where(and(open, isNotNull(testSessions.rigId), isNotNull(testSessions.workflowId)))
        .for("update", { skipLocked: true }),
      tx
        .select({ session: testSessions })
        .from(testSessions)
        .innerJoin(workflows, eq(workflows.id, testSessions.workflowId))
        .where(and(eq(testSessions.status, "pending"), isNull(testSessions.rigId), rigSessions))
        .orderBy(
          sql`case ${workflows.priority} when 'critical' then 3 when 'high' then 2 when 'normal' then 1 else 0 end desc`,
          asc(testSessions.createdAt),
        )
        .limit(WAITING_PER_STEP)
        .for("update", { of: testSessions, skipLocked: true }),
      tx
        .select({ session: testSessions })
        .from(testSessions)
        .innerJoin(workflows, eq(workflows.id, testSessions.workflowId))
        .where(
          and(
            open,
            isNull(testSessions.rigId),
            sql`(${workflows.state} in ('completed', 'failed', 'cancelled') or ${workflows.control} = 'cancelled')`,
          ),
        )
        .limit(CLOSED_PER_STEP)
        .for("update", { of: testSessions, skipLocked: true }),
      tx.select().from(rigs),
      tx
        .select()
        .from(rigCalibrations)
        .where(inArray(rigCalibrations.status, ["pending", "running"]))
        .for("update", { skipLocked: true }),
    ]);
    const byId = new Map<string, SessionRow>();
    for (const row of [...assigned, ...waiting.map((w) => w.session), ...ofEndedRuns.map((w) => w.session)]) {
      byId.set(row.id, row);
    }
    const rows = [...byId.values()];
    // Not locked: what is true of every open session and of the sessions agents name, including
    // rows another transaction holds this instant (those are left for the next step).
    const named = [...new Set(rigRows.map((r) => r.agentSessionId).filter((id): id is string => id !== null))];
    const [busyRows, namedRows] = await Promise.all([
      tx
        .selectDistinct({ rigId: testSessions.rigId })
        .from(testSessions)
        .where(and(open, isNotNull(testSessions.rigId))),
      named.length
        ? tx
            .select({ id: testSessions.id, status: testSessions.status, rigId: testSessions.rigId })
            .from(testSessions)
            .where(inArray(testSessions.id, named))
        : Promise.resolve([]),
    ]);
    const runIds = [...new Set(rows.map((r) => r.workflowId as string))];
    const runRows = runIds.length
      ? await tx
          .select({
            id: workflows.id,
            state: workflows.state,
            control: workflows.control,
            parameters: workflows.parameters,
            priority: workflows.priority,
          })
          .from(workflows)
          .where(inArray(workflows.id, runIds))
      : [];
    const runs = new Map<string, DispatchRun>(
      runRows.map((r) => [
        r.id,
        {
          id: r.id,
          state: r.state,
          control: r.control,
          maxReruns: maxRerunsOf(r.parameters),
          priority: priorityOf[r.priority],
        },
      ]),
    );
    const plan = planDispatch({
      now,
      watchingSince: watchingSince ?? now,
      delivering,
      runs,
      busyRigIds: new Set(busyRows.map((r) => r.rigId as string)),
      agentSessions: new Map([
        ...namedRows.map((r) => [r.id, { status: r.status, rigId: r.rigId }] as const),
        // A calibration an agent plays is a session of its rig's too.
        ...(named.length
          ? await tx
              .select({ id: rigCalibrations.id, status: rigCalibrations.status, rigId: rigCalibrations.rigId })
              .from(rigCalibrations)
              .where(inArray(rigCalibrations.id, named))
          : []
        ).map((r) => [r.id, { status: r.status, rigId: r.rigId }] as const),
      ]),
      calibrations: calibrationRows.map(
        (c): DispatchCalibration => ({
          id: c.id,
          rigId: c.rigId,
          status: c.status as DispatchCalibration["status"],
          createdAt: c.createdAt.getTime(),
          offeredAt: time(c.offeredAt),
          startedAt: time(c.startedAt),
          positionMs: c.positionMs,
          positionAt: time(c.positionAt),
        }),
      ),
      sessions: rows.map(toDispatchSession),
      rigs: rigRows.map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        lastSeenAt: time(r.lastSeenAt),
        agent: {
          sessionId: r.agentSessionId,
          phase: (r.agentPhase as AgentPhase | null) ?? null,
          since: time(r.agentPhaseSince),
        },
      })),
    });
    const changed = await writePlan(tx, plan, byId);
    return { plan, now, changed };
  });
}

async function writePlan(tx: Transaction, plan: DispatchPlan, rows: Map<string, SessionRow>): Promise<SessionRow[]> {
  const changed: SessionRow[] = [];
  const finishedAt = sql`now()`;
  for (const { sessionId, reason } of plan.cancels) {
    const updated = await tx
      .update(testSessions)
      .set({ status: "cancelled", error: reason, finishedAt })
      .where(and(eq(testSessions.id, sessionId), inArray(testSessions.status, ["pending", "running"])))
      .returning();
    changed.push(...updated);
  }
  for (const { sessionId, reason, rerun } of plan.interrupts) {
    const updated = await tx
      .update(testSessions)
      .set({ status: "interrupted", error: reason, finishedAt })
      .where(and(eq(testSessions.id, sessionId), eq(testSessions.status, "running")))
      .returning();
    changed.push(...updated);
    const row = rows.get(sessionId);
    if (updated.length && rerun && row) changed.push(...(await insertReplay(tx, row)));
  }
  for (const { sessionId, rigId } of plan.releases) {
    const updated = await tx
      .update(testSessions)
      .set({ rigId: null, offeredAt: null })
      .where(and(eq(testSessions.id, sessionId), eq(testSessions.rigId, rigId), eq(testSessions.status, "pending")))
      .returning();
    changed.push(...updated);
  }
  if (plan.offline.length) {
    await tx
      .update(rigs)
      .set({ status: "offline", updatedAt: new Date() })
      .where(and(inArray(rigs.id, plan.offline), eq(rigs.status, "online")));
  }
  for (const { calibrationId, reason } of plan.calibrationFailures) {
    await tx
      .update(rigCalibrations)
      .set({ status: "failed", error: reason, finishedAt })
      .where(and(eq(rigCalibrations.id, calibrationId), inArray(rigCalibrations.status, ["pending", "running"])));
  }
  for (const { calibrationId, rigId } of plan.calibrationOffers) {
    await tx
      .update(rigCalibrations)
      .set({ offeredAt: sql`now()` })
      .where(
        and(
          eq(rigCalibrations.id, calibrationId),
          eq(rigCalibrations.rigId, rigId),
          eq(rigCalibrations.status, "pending"),
          isNull(rigCalibrations.offeredAt),
        ),
      );
  }
  for (const { sessionId, rigId } of plan.offers) {
    const updated = await tx
      .update(testSessions)
      .set({ rigId, offeredAt: sql`now()` })
      .where(and(eq(testSessions.id, sessionId), isNull(testSessions.rigId), eq(testSessions.status, "pending")))
      .returning();
    changed.push(...updated);
  }
  return changed;
}

/** The next attempt of an interrupted session's video (once: the unique key refuses a second). */
export async function insertReplay(tx: Transaction, interrupted: SessionRow): Promise<SessionRow[]> {
  return tx
    .insert(testSessions)
    .values({
      workflowId: interrupted.workflowId,
      videoId: interrupted.videoId,
      attempt: interrupted.attempt + 1,
      metadata: { source: "rig", order: interrupted.metadata.order ?? 0, replayOf: interrupted.id },
    })
    .onConflictDoNothing()
    .returning();
}

/**
 * An offer its rig accepted counts from now: whether the rig took it is judged on reports that
 * arrive after this, not on those it sent before the offer reached it (which, on a loaded server,
 * may arrive seconds after the offer was written).
 */
export async function markOfferTaken(kind: "session" | "calibration", id: string, rigId: string): Promise<void> {
  if (kind === "session") {
    // Still this rig's offer: not given back and offered to another rig meanwhile.
    await getDb()
      .update(testSessions)
      .set({ offeredAt: sql`clock_timestamp()` })
      .where(and(eq(testSessions.id, id), eq(testSessions.status, "pending"), eq(testSessions.rigId, rigId)));
  } else {
    await getDb()
      .update(rigCalibrations)
      .set({ offeredAt: sql`clock_timestamp()` })
      .where(and(eq(rigCalibrations.id, id), eq(rigCalibrations.status, "pending"), eq(rigCalibrations.rigId, rigId)));
  }
}

/** A calibration its rig did not accept waits to be offered again (within its deadline). */
export async function releaseCalibrationOffer(calibrationId: string): Promise<void> {
  await getDb()
    .update(rigCalibrations)
    .set({ offeredAt: null })
    .where(and(eq(rigCalibrations.id, calibrationId), eq(rigCalibrations.status, "pending")));
}

/** Gives an offered session back to the queue when its rig did not accept it. */
export async function releaseOffer(sessionId: string, rigId: string): Promise<SessionRow[]> {
  return getDb()
    .update(testSessions)
    .set({ rigId: null, offeredAt: null })
    .where(and(eq(testSessions.id, sessionId), eq(testSessions.rigId, rigId), eq(testSessions.status, "pending")))
    .returning();
}
