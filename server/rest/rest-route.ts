/**
 * The v1 REST API's frame around the services: who calls (an API token as `Authorization:
 * Bearer`, or the browser's session), the role the route needs, the JSON body, and one reply
 * shape — `{"success": true, ...}` or `{"success": false, "error": {code, message, field}}` with
 * the status of the domain error (400, 401, 403, 404, 409, 422) or 500 without internals.
 */

import { hasRole } from "@/lib/roles";
import type { UserRole } from "@/lib/validation/user";
import { getSessionUser, type SessionUser } from "../auth/session";
import { asInputError, DomainError, httpStatusOf, internalErrorMessage } from "../errors";
import { withActor } from "../history/record-change";
import { isUuid } from "../ids";
import { log } from "../logger";
import { userOfApiToken } from "../services/api-tokens/api-tokens";
import { refuseNul } from "../services/parse-input";
import { jsonResponse } from "../web/json-response";

type Params = Record<string, string>;
type Call = { req: Request; user: SessionUser; params: Params; body: () => Promise<unknown> };
/** JSON members of the reply, or a whole response (a file to download). */
type Reply = Record<string, unknown> | Response;

/** Where a service's field sits in the API's body: service path prefix → API path prefix. */
export type FieldRenames = Record<string, string>;

/** A service's camelCase field path as the snake_case path the API speaks. */
function restField(path: string, renames: FieldRenames = {}): string {
  let out = path.replace(/\.value$/, "");
  for (const [from, to] of Object.entries(renames)) {
    if (out === from || out.startsWith(`${from}.`)) {
      out = to + out.slice(from.length);
      break;
    }
  }
  return out.replace(/^\./, "").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A message as the API speaks: the fields it names ("projectId: …", "Invalid input —
 * latencyThresholds.warningThresholdMs: …") written as the body's snake_case paths.
 */
export function restMessage(message: string, fields: readonly string[], renames?: FieldRenames): string {
  let out = message;
  // Longest first, so that "a.bC" is replaced before "a".
  for (const field of [...fields].sort((a, b) => b.length - a.length)) {
    const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(
      new RegExp(`(^|[\\s—·(])${escaped}(?=:)`, "g"),
      (_, before: string) => `${before}${restField(field, renames)}`,
    );
  }
  return out;
}

export function restError(raw: unknown, renames?: FieldRenames): Response {
  const error = asInputError(raw) ?? raw;
  if (error instanceof DomainError) {
    const fields = error.fieldErrors ? Object.keys(error.fieldErrors) : [];
    const field = fields[0];
    return jsonResponse(
      {
        success: false,
        error: {
          code: error.code,
          message: restMessage(error.message, fields, renames),
          field: field ? restField(field, renames) : null,
        },
      },
      { status: httpStatusOf(error) },
    );
  }
  log().error({ err: error }, "REST request failed");
  return jsonResponse(
    {
      success: false,
      error: { code: "INTERNAL", message: internalErrorMessage(), field: null },
    },
    { status: 500 },
  );
}

async function caller(req: Request): Promise<SessionUser> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const user = match ? await userOfApiToken(match[1] as string) : null;
    if (!user) {
      throw new DomainError(
        "UNAUTHORIZED",
        "The API token is unknown or revoked: create one with `npx sightline token create`.",
      );
    }
    return user;
  }
  const user = await getSessionUser(req.headers);
  if (!user) {
    throw new DomainError(
      "UNAUTHORIZED",
      "Send an API token as `Authorization: Bearer <token>` (create one with `npx sightline token create` or in Settings).",
    );
  }
  return user;
}

/**
 * The JSON body (the server has bounded its size before it got here): only `application/json`,
 * which a page of another site cannot send without the browser asking this server first.
 */
async function jsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new DomainError(
      "UNSUPPORTED_MEDIA",
      `Send the body as JSON with \`Content-Type: application/json\` (this one was ${type ? `"${type}"` : "not typed"}).`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new DomainError("INVALID_INPUT", `The body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  refuseNul(body);
  return body;
}

export function restRoute(role: UserRole, handler: (call: Call) => Promise<Reply>, renames?: FieldRenames) {
  return async (req: Request, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const user = await caller(req);
      if (!hasRole(user.role, role)) {
        throw new DomainError("FORBIDDEN", `This needs the ${role} role; the caller is ${user.role}.`);
      }
      const params = await context.params;
      // Changes the route makes are recorded in the history as the caller's.
      const reply = await withActor(user, () => handler({ req, user, params, body: () => jsonBody(req) }));
      return reply instanceof Response ? reply : jsonResponse({ success: true, ...reply });
    } catch (error) {
      return restError(error, renames);
    }
  };
}

/** The id in the path, as a UUID; anything else names nothing that exists. */
export function pathId(params: Params, what: string): string {
  const id = params.id ?? "";
  if (!isUuid(id)) {
    throw new DomainError("NOT_FOUND", `No ${what} with id ${id}.`);
  }
  return id;
}
