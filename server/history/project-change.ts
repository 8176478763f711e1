/** A change to one part of a project's configuration, recorded when it changed something. */
import type { Executor } from "@/db/client";
import { canonicalJson } from "@/lib/canonical-json";
import { recordChange } from "./record-change";

export async function recordProjectChange(
  tx: Executor,
  projectId: string,
  change: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  if (canonicalJson(before) === canonicalJson(after)) return;
  await recordChange(tx, { subjectType: "project", subjectId: projectId, projectId, change, before, after });
}

/** The parts of a project recorded as one each. */
export const projectDetailsOf = (p: {
  name: string;
  description: string;
  cameraModel: string;
  cameraView: string;
  signalType: string;
}) => ({
  name: p.name,
  description: p.description,
  cameraModel: p.cameraModel,
  cameraView: p.cameraView,
  signalType: p.signalType,
});

export const videoRequirementsOf = (p: {
  requiredVruClasses: string[];
  requiredScenarios: string[];
  allowDraftGroundTruth: boolean;
  requiredTestCases?: string[];
}) => ({
  requiredVruClasses: p.requiredVruClasses,
  requiredScenarios: p.requiredScenarios,
  allowDraftGroundTruth: p.allowDraftGroundTruth,
  requiredTestCases: p.requiredTestCases ?? [],
});
