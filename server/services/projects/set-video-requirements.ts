/**
 * Replaces what a project needs from its videos (classes, scenarios, whether drafts may be used)
 * and its requirement set of regulation test cases (DESIGN §13).
 */
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { catalogCases } from "@/lib/test-cases/catalog";
import { setVideoRequirementsSchema } from "@/lib/validation/assignment";
import { getDb } from "@/server/runtime/slot";
import { recordProjectChange, videoRequirementsOf } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";

export async function setVideoRequirements(raw: unknown): Promise<Project> {
  const { id, videoRequirements } = parseInput(setVideoRequirementsSchema, raw);
  const project = await getDb().transaction(async (tx) => {
    await assertEditable(tx, id);
    const before = videoRequirementsOf(await getProject(id, tx));
    // Scenarios compare without regard to case: keep one spelling of each.
    const byKey = new Map<string, string>();
    for (const scenario of videoRequirements.requiredScenarios) {
      if (!byKey.has(scenario.toLowerCase())) byKey.set(scenario.toLowerCase(), scenario);
    }
    const requiredScenarios = [...byKey.values()];
    // Catalog order, each case once, whatever order the form sent them in.
    const wanted = new Set(videoRequirements.requiredTestCases);
    const requiredTestCases = catalogCases()
      .filter((c) => wanted.has(c.id))
      .map((c) => c.id);
    await tx
      .update(projects)
      .set({
        requiredVruClasses: [...new Set(videoRequirements.requiredVruClasses)],
        requiredScenarios,
        allowDraftGroundTruth: videoRequirements.allowDraftGroundTruth,
        requiredTestCases,
        updatedAt: new Date(),
      })
      .where(eq(projects.id, id));
    const after = await getProject(id, tx);
    await recordProjectChange(tx, id, "video requirements", before, videoRequirementsOf(after));
    return after;
  });
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
