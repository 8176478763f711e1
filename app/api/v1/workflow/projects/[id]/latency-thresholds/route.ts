import { projectJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { thresholdsFromRest, thresholdsRestSchema } from "@/server/rest/rest-schemas";
import { parseInput } from "@/server/services/parse-input";
import { patchLatencyThresholds } from "@/server/services/projects/patch-project-limits";

/** Changes the thresholds sent; the others keep their stored values. */
export const POST = restRoute(
  "engineer",
  async ({ params, body }) => {
    const id = pathId(params, "project");
    const sent = parseInput(thresholdsRestSchema, await body());
    const project = await patchLatencyThresholds(id, (stored) => thresholdsFromRest(sent, stored));
    return { project_id: id, latency_thresholds: projectJson(project).workflow_config.latency_thresholds };
  },
  { latencyThresholds: "" },
);
