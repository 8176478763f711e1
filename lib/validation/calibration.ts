/** Inputs of rig calibrations: one schema for the form, the tRPC procedure and the REST route. */
import { z } from "zod";
import { CALIBRATION_LIMITS } from "../calibration/flash-schedule";
import { calibrationSignals } from "../states";

const notes = (what: string) =>
  z
    .string()
    .trim()
    .max(500, `${what} at most 500 characters`)
    .refine((s) => !s.includes("\u0000"), `${what} must not contain a NUL character`)
    .default("");

export const requestCalibrationSchema = z.object({
  rigId: z.uuid("Rig id must be a UUID"),
  signal: z.enum(calibrationSignals, { error: "Signal must be sync (a photodiode on the sync line) or camera" }),
  flashes: z
    .number({ error: "Flashes must be a whole number" })
    .int("Flashes must be a whole number")
    .min(CALIBRATION_LIMITS.flashes.min, `At least ${CALIBRATION_LIMITS.flashes.min} flashes`)
    .max(CALIBRATION_LIMITS.flashes.max, `At most ${CALIBRATION_LIMITS.flashes.max} flashes`)
    .default(120),
  fps: z
    .number({ error: "Frame rate must be a whole number" })
    .int("Frame rate must be a whole number")
    .min(CALIBRATION_LIMITS.fps.min, `Frame rate at least ${CALIBRATION_LIMITS.fps.min}`)
    .max(CALIBRATION_LIMITS.fps.max, `Frame rate at most ${CALIBRATION_LIMITS.fps.max}`)
    .default(30),
  playerNotes: notes("Player notes"),
  monitorNotes: notes("Monitor notes"),
});
export type RequestCalibrationInput = z.input<typeof requestCalibrationSchema>;

/** The calibration video to download (the same one a calibration session plays). */
export const calibrationVideoQuerySchema = z.object({
  flashes: z.coerce.number().int().min(CALIBRATION_LIMITS.flashes.min).max(CALIBRATION_LIMITS.flashes.max).default(120),
  fps: z.coerce.number().int().min(CALIBRATION_LIMITS.fps.min).max(CALIBRATION_LIMITS.fps.max).default(30),
  frames: z.enum(["0", "1"]).default("0"),
});
