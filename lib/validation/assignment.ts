/**
 * What a project needs from its videos (the VRU classes and scenarios to cover, whether draft
 * ground truth may be used) and the inputs of the assignment screen: one schema for the form, the
 * tRPC procedures and the REST routes.
 */
import { z } from "zod";
import { testCaseId, vruClassNames } from "./video";

export const videoRequirementsSchema = z.object({
  requiredVruClasses: z
    .array(z.enum(vruClassNames, { error: `VRU classes: ${vruClassNames.join(", ")}` }))
    .max(vruClassNames.length),
  requiredScenarios: z
    .array(z.string().trim().min(1, "A scenario needs a name").max(60, "Scenario at most 60 characters"))
    .max(50, "At most 50 scenarios"),
  allowDraftGroundTruth: z.boolean(),
  /**
   * The project's requirement set of regulation test cases (DESIGN §13): a run passes only when
   * every one is covered by a video and passes. Absent: none (as before test cases).
   */
  requiredTestCases: z.array(testCaseId).max(100, "At most 100 test cases").default([]),
});
export type VideoRequirements = z.infer<typeof videoRequirementsSchema>;

export const setVideoRequirementsSchema = z.object({
  id: z.uuid("Project id must be a UUID"),
  videoRequirements: videoRequirementsSchema,
});

export const listCandidatesSchema = z.object({
  projectId: z.uuid("Project id must be a UUID"),
  search: z.string().trim().max(120).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const changeAssignmentSchema = z.object({
  projectId: z.uuid("Project id must be a UUID"),
  videoIds: z.array(z.uuid("Video ids must be UUIDs")).min(1, "Choose at least one video").max(500),
});
