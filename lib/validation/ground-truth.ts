/** Inputs of ground truth: one schema for the form, the tRPC procedures and the REST routes. */
import { z } from "zod";
import { GROUND_TRUTH_FILE_MAX_CHARS } from "./limits";

const groundTruthFormats = ["auto", "cvat", "mot", "csv", "json", "text"] as const;

export const importGroundTruthSchema = z.object({
  videoId: z.uuid("Choose the video this ground truth belongs to"),
  fileName: z.string().trim().min(1, "The file needs a name").max(255, "The file name is too long"),
  content: z
    .string()
    .min(1, "The file is empty")
    .max(
      GROUND_TRUTH_FILE_MAX_CHARS,
      `The file is larger than ${GROUND_TRUTH_FILE_MAX_CHARS / 1024 / 1024} MB: split it, or export fewer frames`,
    ),
  format: z
    .enum(groundTruthFormats, { error: `Format must be one of ${groundTruthFormats.join(", ")}` })
    .default("auto"),
  /** Replace the video's imported events (annotations made in Sightline are kept). */
  replace: z.boolean().default(true),
});
export type ImportGroundTruthInput = z.input<typeof importGroundTruthSchema>;

const micros = (label: string) =>
  z
    .number({ error: `${label} must be a number of microseconds` })
    .int(`${label} must be a whole number of microseconds`)
    .min(0, `${label} must not be negative`)
    .max(24 * 3600 * 1_000_000, `${label} is beyond 24 hours`);

/**
 * One event as the annotation page saves it. The id is made by the browser, so that saving is
 * idempotent and undoing a deletion puts back the same event.
 */
export const putGroundTruthEventSchema = z
  .object({
    videoId: z.uuid("Video id must be a UUID"),
    id: z.uuid("Event id must be a UUID"),
    class: z.string().trim().min(1, "Pick a class").max(60, "Class at most 60 characters"),
    onsetUs: micros("Onset"),
    offsetUs: micros("Offset"),
    trackId: z.string().trim().max(60, "Track id at most 60 characters").nullish(),
    zone: z.string().trim().max(60, "Zone at most 60 characters").nullish(),
    /** The event's own window (DESIGN §13): null or absent, the project's window. */
    notBeforeUs: micros("Not before").nullish(),
    deadlineUs: micros("Deadline").nullish(),
  })
  .refine((e) => e.offsetUs > e.onsetUs, {
    message: "The offset must come after the onset: step at least one frame on before marking it",
    path: ["offsetUs"],
  })
  .refine((e) => e.notBeforeUs == null || e.deadlineUs == null || e.deadlineUs >= e.notBeforeUs, {
    message: "The deadline must not come before not_before: no detection could meet both",
    path: ["deadlineUs"],
  });

export const deleteGroundTruthEventSchema = z.object({
  videoId: z.uuid("Video id must be a UUID"),
  id: z.uuid("Event id must be a UUID"),
});

export const reviewGroundTruthSchema = z.object({
  videoId: z.uuid("Video id must be a UUID"),
  /** true: mark the events reviewed; false: open them again as a draft. */
  reviewed: z.boolean(),
});
