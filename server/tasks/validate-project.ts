/** planning: is the project runnable? Active, at least one criterion enabled, videos to play. */
import { count } from "drizzle-orm";
import { videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { getProject } from "../services/projects/get-project";
import type { TaskDefinition } from "../workflow/registry";
import { PermanentTaskError } from "../workflow/task-error";
import { type TaskOutput, taskOutputSchemas } from "./outputs";

export const validateProject: TaskDefinition<TaskOutput<"validate_project">> = {
  name: "validate_project",
  output: taskOutputSchemas.validate_project,
  phase: "planning",
  dependsOn: [],
  critical: true,
  weight: 1,
  async handler({ projectId }) {
    const project = await getProject(projectId);
    if (project.status !== "active") throw new PermanentTaskError(`Project "${project.name}" is archived.`);
    const enabled = Object.entries(project.passFailCriteria)
      .filter(([, c]) => c.enabled)
      .map(([key]) => key);
    if (enabled.length === 0) {
      throw new PermanentTaskError("No pass/fail criterion is enabled: enable at least one so the run has a verdict.");
    }
    const [library] = await getDb().select({ n: count() }).from(videos);
    if ((library?.n ?? 0) === 0) {
      throw new PermanentTaskError("There are no videos to play: upload annotated videos before starting a run.");
    }
    return { output: { project: project.name, enabledCriteria: enabled, videosInLibrary: library?.n ?? 0 } };
  },
};
