/**
 * What a run's timing is judged from (lib/analysis/timing-basis.ts): for each completed session,
 * its rig, source and event clock, its clock record, and its rig's calibration in force when it
 * played — the newest completed before the session started. Read in two queries.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { rigCalibrations, rigs, testSessions } from "@/db/schema";
import { type CalibrationUsed, clockSummary, type TimingInput } from "@/lib/analysis/timing-basis";
import type { TimingRules } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";

const DAY_MS = 86_400_000;

export async function timingInputOf(sessionIds: readonly string[], rules: TimingRules): Promise<TimingInput> {
  if (sessionIds.length === 0) return { rules, sessions: {} };
  const sessions = await getDb()
    .select({
      id: testSessions.id,
      rigId: testSessions.rigId,
      rigName: rigs.name,
      startedAt: testSessions.startedAt,
      createdAt: testSessions.createdAt,
      source: testSessions.signalSource,
      eventClock: testSessions.eventClock,
      clockSamples: testSessions.clockSamples,
    })
    .from(testSessions)
    .leftJoin(rigs, eq(rigs.id, testSessions.rigId))
    .where(inArray(testSessions.id, [...sessionIds]));
  const rigIds = [...new Set(sessions.flatMap((s) => (s.rigId ? [s.rigId] : [])))];
  // Only the figures of each calibration, not its per-flash latencies.
  const calibrations = rigIds.length
    ? await getDb()
        .select({
          id: rigCalibrations.id,
          rigId: rigCalibrations.rigId,
          finishedAt: rigCalibrations.finishedAt,
          meanMs: sql<number>`(${rigCalibrations.result}->>'meanMs')::float8`,
          sdMs: sql<number>`(${rigCalibrations.result}->>'sdMs')::float8`,
          paired: sql<number>`(${rigCalibrations.result}->>'paired')::int`,
          driftPpm: sql<number | null>`(${rigCalibrations.result}->>'driftPpm')::float8`,
        })
        .from(rigCalibrations)
        .where(and(inArray(rigCalibrations.rigId, rigIds), eq(rigCalibrations.status, "completed")))
        .orderBy(asc(rigCalibrations.finishedAt))
    : [];
  const inForce = (rigId: string | null, at: Date): CalibrationUsed | null => {
    let found: (typeof calibrations)[number] | null = null;
    for (const c of calibrations) if (c.rigId === rigId && c.finishedAt && c.finishedAt <= at) found = c;
    if (!found?.finishedAt) return null;
    return {
      id: found.id,
      finishedAt: found.finishedAt.toISOString(),
      meanMs: found.meanMs,
      sdMs: found.sdMs,
      paired: found.paired,
      driftPpm: found.driftPpm,
      ageDays: Math.floor((at.getTime() - found.finishedAt.getTime()) / DAY_MS),
    };
  };
  return {
    rules,
    sessions: Object.fromEntries(
      sessions.map((s) => [
        s.id,
        {
          rigId: s.rigId,
          rigName: s.rigName,
          source: s.source,
          eventClock: s.eventClock,
          calibration: inForce(s.rigId, s.startedAt ?? s.createdAt),
          clock: clockSummary(s.clockSamples),
        },
      ]),
    ),
  };
}
