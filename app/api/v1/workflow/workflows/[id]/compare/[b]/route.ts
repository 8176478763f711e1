import { DomainError } from "@/server/errors";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { compareWorkflows } from "@/server/services/comparison/compare-workflows";

/** A number from the query string, or undefined when absent (the schema then takes its default). */
function queryNumber(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw DomainError.field("INVALID_INPUT", name, `${name} must be a number, not "${text}".`);
  }
  return value;
}

/** GET workflows/{a}/compare/{b}: run B against run A, event by event, with the project's regression gate. */
export const GET = restRoute(
  "viewer",
  async ({ req, params }) => {
    const url = new URL(req.url);
    return compareWorkflows({
      a: pathId(params, "workflow"),
      b: pathId({ id: params.b ?? "" }, "workflow"),
      seed: queryNumber(url, "seed"),
      resamples: queryNumber(url, "resamples"),
    });
  },
  { a: "id", b: "b", seed: "seed", resamples: "resamples" },
);
