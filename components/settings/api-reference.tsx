/**
 * The REST API's reference, readable: every endpoint with who may call it and the fields of its
 * body, from the same OpenAPI document that /api/v1/openapi.json serves.
 */
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import type { Endpoint } from "@/server/rest/endpoints";
import type { openApiDocument } from "@/server/rest/openapi";

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
};

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  if (s.type === "array") return `list of ${s.items ? typeOf(s.items) : "values"}`;
  if (s.type === "object" && s.properties) return "object";
  return Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
}

/** Body fields as rows, nested objects flattened to dotted names. */
function fields(s: Schema, prefix = ""): Array<{ name: string; type: string; required: boolean }> {
  if (s.anyOf && !s.properties) return s.anyOf.flatMap((alt, i) => fields(alt, prefix || `(form ${i + 1}) `));
  return Object.entries(s.properties ?? {}).flatMap(([name, child]) => {
    const full = `${prefix}${prefix && !prefix.endsWith(" ") ? "." : ""}${name}`;
    const row = { name: full, type: typeOf(child), required: (s.required ?? []).includes(name) };
    const objectAlt = child.anyOf?.find((a) => a.properties);
    return [row, ...(child.properties ? fields(child, full) : objectAlt ? fields(objectAlt, full) : [])];
  });
}

/** The page gives the endpoints and the document the server made from them (the REST code stays on the server). */
export function ApiReference({
  base: REST_BASE,
  endpoints,
  document,
}: {
  base: string;
  /** Each with its path from the root. */
  endpoints: (Endpoint & { full: string })[];
  document: ReturnType<typeof openApiDocument>;
}) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">REST API reference</h1>
        <p className="mt-1 text-sm text-slate-600">
          Base <code>{REST_BASE}</code>. Send <code>Authorization: Bearer &lt;token&gt;</code> (Settings, or{" "}
          <code>npx sightline token create</code>). Every reply has <code>success</code>; errors are{" "}
          <code>{'{"success": false, "error": {"code", "message", "field"}}'}</code>. Machine-readable:{" "}
          <a className="text-link underline" href="/api/v1/openapi.json">
            openapi.json
          </a>
          .
        </p>
      </div>
      {endpoints.map((e) => {
        const operation = (document.paths[e.full] as Record<string, { requestBody?: unknown }>)[e.method];
        const body = (operation?.requestBody as { content: { "application/json": { schema: Schema } } } | undefined)
          ?.content["application/json"].schema;
        return (
          <Card
            key={`${e.method} ${e.path}`}
            title={
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone={e.method === "get" ? "info" : "neutral"}>{e.method.toUpperCase()}</Badge>
                <code className="text-sm">{e.full}</code>
              </span>
            }
            description={`${e.summary} · ${e.role ? `needs the ${e.role} role` : "no sign-in"}`}
          >
            <p className="text-sm text-slate-700">{e.description}</p>
            {body ? (
              <div className="relative mt-3 overflow-x-auto">
                <DataTable columns={["Body field", "Type", "Required"]}>
                  {fields(body).map((f) => (
                    <tr key={f.name}>
                      <td className="py-1 pr-3 font-mono text-xs">{f.name}</td>
                      <td className="py-1 pr-3 text-xs text-slate-600">{f.type}</td>
                      <td className="py-1 text-xs">{f.required ? "yes" : "no"}</td>
                    </tr>
                  ))}
                </DataTable>
              </div>
            ) : null}
          </Card>
        );
      })}
    </div>
  );
}
