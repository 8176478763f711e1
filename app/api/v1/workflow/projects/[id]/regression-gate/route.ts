import { projectJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { regressionGateFromRest, regressionGateRestSchema } from "@/server/rest/rest-schemas";
import { parseInput } from "@/server/services/parse-input";
import { updateRegressionGate } from "@/server/services/projects/set-regression-gate";

/** Changes the project's regression gate and firmware requirement; keys left out keep their stored values. */
export const POST = restRoute(
  "engineer",
  async ({ params, body }) => {
    const id = pathId(params, "project");
    const sent = parseInput(regressionGateRestSchema, await body());
    const project = await updateRegressionGate(id, (stored) => regressionGateFromRest(sent, stored));
    return { project_id: id, regression_gate: projectJson(project).workflow_config.regression_gate };
  },
  { regression_gate: "" },
);
