/**
 * An engineer asks for a rig's display calibration: it waits for the rig to be free, then the
 * dispatcher offers it before any run's next session (server/dispatch/plan-dispatch.ts). One
 * calibration at a time per rig.
 */
import { eq } from "drizzle-orm";
import { rigCalibrations, rigs } from "@/db/schema";
import { type RequestCalibrationInput, requestCalibrationSchema } from "@/lib/validation/calibration";
import { getDb } from "@/server/runtime/slot";
import { notifyDispatch } from "../../dispatch/notify-dispatch";
import { DomainError } from "../../errors";
import { recordChange } from "../../history/record-change";
import { publishRigChanged } from "../../realtime/publish";

/** The calibration video's seed: one video for every rig, so their calibrations compare. */
export const CALIBRATION_SEED = 20261204;

export async function requestCalibration(input: RequestCalibrationInput, userId: string | null) {
  const data = requestCalibrationSchema.parse(input);
  const row = await getDb().transaction(async (tx) => {
    const [rig] = await tx.select().from(rigs).where(eq(rigs.id, data.rigId)).for("update");
    if (!rig) throw DomainError.field("NOT_FOUND", "rigId", `No rig with id ${data.rigId}`);
    if (rig.status === "disabled") throw new DomainError("CONFLICT", `Rig ${rig.name} is disabled: enable it first.`);
    const [open] = await tx
      .select({ id: rigCalibrations.id, status: rigCalibrations.status })
      .from(rigCalibrations)
      .where(eq(rigCalibrations.rigId, rig.id))
      .then((rows) => rows.filter((r) => r.status === "pending" || r.status === "running"));
    if (open) {
      throw new DomainError(
        "CONFLICT",
        `Rig ${rig.name} already has a calibration ${open.status === "running" ? "playing" : "waiting"}: let it finish first.`,
      );
    }
    const [created] = await tx
      .insert(rigCalibrations)
      .values({
        rigId: rig.id,
        signal: data.signal,
        flashes: data.flashes,
        fps: data.fps,
        seed: CALIBRATION_SEED,
        playerNotes: data.playerNotes,
        monitorNotes: data.monitorNotes,
        requestedBy: userId,
      })
      .returning();
    await recordChange(tx, {
      subjectType: "rig",
      subjectId: rig.id,
      change: "calibration requested",
      after: { name: rig.name, signal: data.signal, flashes: data.flashes, fps: data.fps },
    });
    await notifyDispatch(tx);
    return { calibration: created as typeof rigCalibrations.$inferSelect, rig };
  });
  publishRigChanged({ id: row.rig.id, name: row.rig.name, status: row.rig.status });
  return row.calibration;
}
