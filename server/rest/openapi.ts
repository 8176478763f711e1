/**
 * The OpenAPI 3.1 document of the v1 REST API, made from the endpoint list and the zod schemas of
 * the bodies (zod's JSON Schema output is draft 2020-12, the dialect of OpenAPI 3.1).
 */
import { z } from "zod";
import { endpoints, fullPath } from "./endpoints";

const errorSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: z
      .string()
      .describe("INVALID_INPUT, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, ILLEGAL_STATE, UNPROCESSABLE, INTERNAL"),
    message: z.string().describe("What was wrong and what to do"),
    field: z.string().nullable().describe("The field at fault, in the body's snake_case path"),
  }),
});

const statusOf: Record<string, string> = {
  "400": "Bad input: wrong type, unknown key, value out of range, not JSON",
  "401": "No token, or an unknown or revoked one",
  "403": "The token's role may not do this",
  "404": "No such project or run",
  "409": "Not possible in the current state (e.g. pausing a finished run), or a name already taken",
  "422": "Well-formed, but not acceptable together with what is stored",
  "500": "A fault of the server (logged; no internals in the reply)",
};

function jsonSchema(schema: z.ZodType) {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return rest;
}

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  for (const e of endpoints) {
    const inPath = [...e.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string", format: "uuid" },
    }));
    const inQuery = (e.query ?? []).map((q) => ({
      name: q.name,
      in: "query",
      required: false,
      description: q.description,
      schema: { type: "integer" },
    }));
    const parameters = inPath.length + inQuery.length ? [...inPath, ...inQuery] : undefined;
    const failures = Object.fromEntries(
      Object.entries(statusOf)
        .filter(([code]) => (e.role ? true : code === "500"))
        .filter(([code]) => (e.body ? true : !["400", "422"].includes(code)))
        .map(([code, description]) => [code, { description, content: error }]),
    );
    const full = fullPath(e);
    paths[full] = {
      ...paths[full],
      [e.method]: {
        operationId: `${e.method}${e.path.replace(/[{}]/g, "").replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
        summary: e.summary,
        description: e.role ? `${e.description} Needs the ${e.role} role.` : e.description,
        security: e.role ? [{ bearer: [] }] : [],
        ...(parameters ? { parameters } : {}),
        ...(e.body
          ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(e.body) } } } }
          : {}),
        responses: {
          "200": {
            description: "Done; the reply has `success: true` and the fields of the answer",
            content: {
              "application/json": {
                schema: { type: "object", properties: { success: { const: true } }, required: ["success"] },
              },
            },
          },
          ...(e.role === null && !e.noDatabase ? { "503": { description: "The database does not answer" } } : {}),
          ...failures,
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Sightline REST API",
      version,
      description:
        "The v1 workflow API of the system Sightline replaces, on Sightline's own services. Send an API token as `Authorization: Bearer <token>` (create one in Settings or with `npx sightline token create`).",
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A Sightline API token (sla_…)" } },
      schemas: { Error: jsonSchema(errorSchema) },
    },
  };
}
