/** Inputs of results: one schema for the form, the tRPC procedures and the REST routes. */
import { z } from "zod";
import { DETECTION_FILE_MAX_CHARS } from "./limits";

export const importDetectionsSchema = z.object({
  workflowId: z.uuid("Workflow id must be a UUID"),
  videoId: z.uuid("Choose the video these detections were recorded on"),
  fileName: z.string().trim().min(1, "The file needs a name").max(255, "The file name is too long"),
  content: z
    .string()
    .min(1, "The file is empty")
    .max(
      DETECTION_FILE_MAX_CHARS,
      `The file is larger than ${DETECTION_FILE_MAX_CHARS / 1024 / 1024} MB: split it per video`,
    ),
});
export type ImportDetectionsInput = z.input<typeof importDetectionsSchema>;

export const resultsOfWorkflowSchema = z.object({ workflowId: z.uuid("Workflow id must be a UUID") });

export const sessionTimelineSchema = z.object({
  workflowId: z.uuid("Workflow id must be a UUID"),
  sessionId: z.uuid("Session id must be a UUID"),
});
