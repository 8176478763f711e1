/** Inputs of ground truth: one schema for the form, the tRPC procedures and the REST routes. */
import { z } from "zod";

export const groundTruthFormats = ["auto", "cvat", "mot", "csv", "json", "text"] as const;

export const importGroundTruthSchema = z.object({
  videoId: z.uuid("Choose the video this ground truth belongs to"),
  fileName: z.string().trim().min(1, "The file needs a name").max(255, "The file name is too long"),
  content: z
    .string()
    .min(1, "The file is empty")
    .max(50 * 1024 * 1024, "The file is larger than 50 MB"),
  format: z
    .enum(groundTruthFormats, { error: `Format must be one of ${groundTruthFormats.join(", ")}` })
    .default("auto"),
  /** Replace the video's imported events (annotations made in Sightline are kept). */
  replace: z.boolean().default(true),
});
export type ImportGroundTruthInput = z.input<typeof importGroundTruthSchema>;
