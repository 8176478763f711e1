import { projectJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { criteriaFromRest, criteriaRestSchema } from "@/server/rest/rest-schemas";
import { parseInput } from "@/server/services/parse-input";
import { patchPassFailCriteria } from "@/server/services/projects/patch-project-limits";

/** Changes the criteria sent; the others keep their stored values. */
export const POST = restRoute(
  "engineer",
  async ({ params, body }) => {
    const id = pathId(params, "project");
    const sent = parseInput(criteriaRestSchema, await body());
    const project = await patchPassFailCriteria(id, (stored) => criteriaFromRest(sent, stored));
    return { project_id: id, pass_fail_criteria: projectJson(project).workflow_config.pass_fail_criteria };
  },
  { passFailCriteria: "" },
);
