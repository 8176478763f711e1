import { projectJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { judgingFromRest, judgingRestSchema } from "@/server/rest/rest-schemas";
import { parseInput } from "@/server/services/parse-input";
import { updateJudging } from "@/server/services/projects/set-judging";

/** Changes how the project's runs are judged; keys left out keep their stored values. */
export const POST = restRoute(
  "engineer",
  async ({ params, body }) => {
    const id = pathId(params, "project");
    const sent = parseInput(judgingRestSchema, await body());
    const project = await updateJudging(id, (stored) => judgingFromRest(sent, stored));
    return { project_id: id, judging: projectJson(project).workflow_config.judging };
  },
  { judging: "" },
);
