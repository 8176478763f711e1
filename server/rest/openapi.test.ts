/**
 * The OpenAPI document validates with a maintained validator (@readme/openapi-parser, OpenAPI
 * 3.1) and lists exactly the route handlers under app/api/v1 (but the document itself), with the bodies'
 * schemas.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const routes = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route file as "METHOD /path" (dynamic segments as {name}; [action] spelled out). */
function handlers(dir: string, prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === "openapi.json") continue;
      const segment = entry.replace(/^\[(\w+)\]$/, "{$1}");
      found.push(...handlers(full, `${prefix}/${segment}`));
    } else if (entry === "route.ts") {
      const source = readFileSync(full, "utf8");
      for (const method of ["GET", "POST"]) {
        if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source)) {
          const paths = prefix.includes("{action}")
            ? ["pause", "resume", "cancel"].map((a) => prefix.replace("{action}", a))
            : [prefix];
          for (const p of paths) found.push(`${method} /api/v1${p}`);
        }
      }
    }
  }
  return found;
}

type JsonSchema = { additionalProperties?: unknown; required?: string[]; properties: Record<string, JsonSchema> };

describe("OpenAPI", () => {
  const document = openApiDocument("test");

  it("validates as OpenAPI 3.1", async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(document.openapi).toBe("3.1.0");
    // The validator does refuse a broken document (so the check above can fail).
    const { info: _info, ...broken } = structuredClone(document);
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it("lists every endpoint that exists, and only those", () => {
    const listed = Object.entries(document.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace("{id}", "{id}")}`),
    );
    expect(listed.sort()).toEqual(handlers(routes).sort());
  });

  it("describes the bodies from the same zod schemas (unknown keys refused)", () => {
    const create = document.paths["/api/v1/workflow/projects/create"]?.post as {
      requestBody: { content: { "application/json": { schema: JsonSchema } } };
    };
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name", "camera_view", "signal_type"]);
    expect(Object.keys(schema.properties.workflow_config?.properties ?? {})).toEqual([
      "execution_strategy",
      "priority",
      "max_concurrent_tasks",
      "latency_thresholds",
      "pass_fail_criteria",
      "judging",
      "regression_gate",
    ]);
  });

  it("names every path parameter and the comparison's query parameters", () => {
    const compare = document.paths["/api/v1/workflow/workflows/{id}/compare/{b}"]?.get as {
      parameters: { name: string; in: string }[];
    };
    expect(compare.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      "path:id",
      "path:b",
      "query:seed",
      "query:resamples",
    ]);
  });
});
