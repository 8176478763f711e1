import { pathId, restRoute } from "@/server/rest/rest-route";
import { resultsJson } from "@/server/rest/results-json";
import { getResults } from "@/server/services/results/get-results";

export const GET = restRoute("viewer", async ({ params }) => ({
  results: resultsJson(await getResults(pathId(params, "workflow"))),
}));
