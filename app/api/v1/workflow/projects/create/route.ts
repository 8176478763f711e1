import { projectJson } from "@/server/rest/formats";
import { restRoute } from "@/server/rest/rest-route";
import { createProjectFromRest, createProjectRestSchema } from "@/server/rest/rest-schemas";
import { parseInput } from "@/server/services/parse-input";
import { createProject } from "@/server/services/projects/create-project";

export const POST = restRoute(
  "engineer",
  async ({ body, user }) => {
    const sent = parseInput(createProjectRestSchema, await body());
    const project = await createProject(createProjectFromRest(sent), user.id);
    return { project_id: project.id, project: projectJson(project) };
  },
  {
    latencyThresholds: "workflow_config.latency_thresholds",
    passFailCriteria: "workflow_config.pass_fail_criteria",
    "runDefaults.strategy": "workflow_config.execution_strategy",
    runDefaults: "workflow_config",
  },
);
