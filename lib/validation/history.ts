/** Reading the history of changes: one subject's (a project with its videos' assignment, a video, a rig), newest first. */
import { z } from "zod";

export const listHistorySchema = z.object({
  subjectType: z.enum(["project", "video", "rig", "user"], { error: "Subject must be project, video, rig or user" }),
  /** Without one (rigs), every subject of the type. */
  subjectId: z.string().trim().min(1).max(100).optional(),
  /** The page of rows older than this id (the list's cursor). */
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListHistoryInput = z.input<typeof listHistorySchema>;
