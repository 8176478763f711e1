/** Rigs with their status and the session each is playing (or was offered), newest activity first. */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { rigs, testSessions, videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { latestCalibrations } from "../calibrations/latest-calibrations";

export async function listRigs() {
  const db = getDb();
  const rows = await db
    .select({
      id: rigs.id,
      name: rigs.name,
      status: rigs.status,
      lastSeenAt: rigs.lastSeenAt,
      capabilities: rigs.capabilities,
      createdAt: rigs.createdAt,
    })
    .from(rigs)
    .orderBy(desc(sql`${rigs.status} = 'online'`), asc(rigs.name));
  const current = rows.length
    ? await db
        .select({
          rigId: testSessions.rigId,
          sessionId: testSessions.id,
          workflowId: testSessions.workflowId,
          status: testSessions.status,
          positionMs: testSessions.positionMs,
          fileName: videos.fileName,
          durationMs: videos.durationMs,
        })
        .from(testSessions)
        .innerJoin(videos, eq(videos.id, testSessions.videoId))
        .where(
          and(
            inArray(
              testSessions.rigId,
              rows.map((r) => r.id),
            ),
            inArray(testSessions.status, ["pending", "running"]),
          ),
        )
    : [];
  const byRig = new Map(current.map((c) => [c.rigId, c]));
  const calibrations = await latestCalibrations(rows.map((r) => r.id));
  return rows.map((rig) => ({
    ...rig,
    session: byRig.get(rig.id) ?? null,
    calibration: calibrations.get(rig.id) ?? null,
  }));
}
