/** Creates a project with its latency thresholds and pass/fail criteria, in one transaction. */

import { latencyThresholds, passFailCriteria, projects } from "@/db/schema";
import { type CreateProjectInput, createProjectSchema } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { projectDetailsOf, recordProjectChange, videoRequirementsOf } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { toCriteriaColumns } from "./criteria-columns";
import { getProject, type Project } from "./get-project";
import { rethrowNameConflict } from "./name-conflict";

export async function createProject(raw: CreateProjectInput, actorId: string | null): Promise<Project> {
  const input = parseInput(createProjectSchema, raw);
  const {
    latencyThresholds: thresholds,
    passFailCriteria: criteria,
    runDefaults,
    judging,
    regressionGate,
    ...details
  } = input;
  const project = await getDb()
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(projects)
        .values({
          ...details,
          defaultStrategy: runDefaults.strategy,
          defaultPriority: runDefaults.priority,
          defaultMaxConcurrentTasks: runDefaults.maxConcurrentTasks,
          ...judging,
          ...regressionGate,
          createdBy: actorId,
        })
        .returning({ id: projects.id });
      if (!row) throw new Error("insert returned no row");
      await tx.insert(latencyThresholds).values({ projectId: row.id, ...thresholds });
      await tx.insert(passFailCriteria).values({ projectId: row.id, ...toCriteriaColumns(criteria) });
      const created = await getProject(row.id, tx);
      await recordProjectChange(tx, row.id, "created", null, {
        details: projectDetailsOf(created),
        latencyThresholds: created.latencyThresholds,
        passFailCriteria: created.passFailCriteria,
        judging: created.judging,
        regressionGate: created.regressionGate,
        videoRequirements: videoRequirementsOf(created),
      });
      return created;
    })
    .catch((error) => rethrowNameConflict(error, details.name));
  publishProjectChanged({ projectId: project.id, change: "created", name: project.name });
  return project;
}
