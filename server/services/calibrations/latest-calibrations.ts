/**
 * Each rig's newest completed calibration finished by a moment (default: now) — the one in force
 * then: what the rigs list shows, and what corrects a session played at that moment.
 */
import { and, desc, eq, inArray, lte } from "drizzle-orm";
import { rigCalibrations } from "@/db/schema";
import type { DisplayLatency } from "@/lib/calibration/display-latency";
import { getDb } from "@/server/runtime/slot";

export type RigCalibration = {
  id: string;
  rigId: string;
  finishedAt: Date;
  signal: string;
  playerNotes: string;
  monitorNotes: string;
  result: DisplayLatency;
};

export async function latestCalibrations(rigIds: string[], at?: Date): Promise<Map<string, RigCalibration>> {
  if (rigIds.length === 0) return new Map();
  const rows = await getDb()
    .selectDistinctOn([rigCalibrations.rigId], {
      id: rigCalibrations.id,
      rigId: rigCalibrations.rigId,
      finishedAt: rigCalibrations.finishedAt,
      signal: rigCalibrations.signal,
      playerNotes: rigCalibrations.playerNotes,
      monitorNotes: rigCalibrations.monitorNotes,
      result: rigCalibrations.result,
    })
    .from(rigCalibrations)
    .where(
      and(
        inArray(rigCalibrations.rigId, [...new Set(rigIds)]),
        eq(rigCalibrations.status, "completed"),
        ...(at ? [lte(rigCalibrations.finishedAt, at)] : []),
      ),
    )
    .orderBy(rigCalibrations.rigId, desc(rigCalibrations.finishedAt));
  return new Map(
    rows
      .filter((r) => r.result && r.finishedAt)
      .map((r) => [r.rigId, { ...r, finishedAt: r.finishedAt as Date, result: r.result as DisplayLatency }]),
  );
}
