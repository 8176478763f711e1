/** A rig with its calibrations, newest first (bounded), for the rig page. */
import { desc, eq } from "drizzle-orm";
import { rigCalibrations, rigs, users } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";

/** Calibrations shown per rig: years of monthly calibrations. */
const SHOWN = 100;

export async function rigWithCalibrations(rigId: string) {
  const [rig] = await getDb()
    .select({
      id: rigs.id,
      name: rigs.name,
      status: rigs.status,
      lastSeenAt: rigs.lastSeenAt,
      capabilities: rigs.capabilities,
      createdAt: rigs.createdAt,
    })
    .from(rigs)
    .where(eq(rigs.id, rigId));
  if (!rig) throw new DomainError("NOT_FOUND", `No rig with id ${rigId}`);
  const calibrations = await getDb()
    .select({
      id: rigCalibrations.id,
      status: rigCalibrations.status,
      signal: rigCalibrations.signal,
      flashes: rigCalibrations.flashes,
      fps: rigCalibrations.fps,
      seed: rigCalibrations.seed,
      playerNotes: rigCalibrations.playerNotes,
      monitorNotes: rigCalibrations.monitorNotes,
      player: rigCalibrations.player,
      positionMs: rigCalibrations.positionMs,
      result: rigCalibrations.result,
      error: rigCalibrations.error,
      createdAt: rigCalibrations.createdAt,
      startedAt: rigCalibrations.startedAt,
      finishedAt: rigCalibrations.finishedAt,
      requestedBy: users.name,
    })
    .from(rigCalibrations)
    .leftJoin(users, eq(users.id, rigCalibrations.requestedBy))
    .where(eq(rigCalibrations.rigId, rigId))
    .orderBy(desc(rigCalibrations.createdAt))
    .limit(SHOWN);
  return { rig, calibrations };
}
