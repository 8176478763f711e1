/**
 * The one domain error of Sightline, with a code and (for bad input) the fields at fault, and
 * its one mapping to tRPC codes and HTTP statuses. Services throw it; routers never translate.
 */
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { currentRequestId, log } from "./logger";
import { jsonResponse } from "./web/json-response";

const domainErrorCodes = {
  INVALID_INPUT: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  /** Not possible in the current state (an illegal transition: pause a finished run, change an archived project). */
  ILLEGAL_STATE: { trpc: "CONFLICT", http: 409 },
  /** Well-formed but not acceptable together with what is stored (e.g. warning above critical). */
  UNPROCESSABLE: { trpc: "UNPROCESSABLE_CONTENT", http: 422 },
  /** A body, file or batch past its bound (lib/validation/limits.ts). */
  TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", http: 413 },
  /** A body in a format the endpoint does not read (REST reads only JSON). */
  UNSUPPORTED_MEDIA: { trpc: "UNSUPPORTED_MEDIA_TYPE", http: 415 },
  /** Too many attempts in a while (sign-in); the message says when to try again. */
  TOO_MANY: { trpc: "TOO_MANY_REQUESTS", http: 429 },
  UNAVAILABLE: { trpc: "INTERNAL_SERVER_ERROR", http: 503 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

export type DomainErrorCode = keyof typeof domainErrorCodes;
/** Field path (dot-separated, as in the input) → messages. */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(code: DomainErrorCode, message: string, options: { cause?: unknown; fieldErrors?: FieldErrors } = {}) {
    super(message, { cause: options.cause });
    this.name = "DomainError";
    this.code = code;
    this.fieldErrors = options.fieldErrors && safeFieldNames(options.fieldErrors);
  }

  static field(code: DomainErrorCode, field: string, message: string, cause?: unknown): DomainError {
    return new DomainError(code, `${field}: ${message}`, { cause, fieldErrors: { [field]: [message] } });
  }
}

/**
 * Field errors keyed by what the input named, except the names serializers refuse as a
 * prototype-pollution risk ("__proto__", "constructor", "prototype"): those are bracketed, as
 * no form has such a field.
 */
function safeFieldNames(fieldErrors: FieldErrors): FieldErrors {
  const risky = new Set(["__proto__", "constructor", "prototype"]);
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([field, messages]) => [risky.has(field) ? `[${field}]` : field, messages]),
  );
}

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: domainErrorCodes[error.code].trpc, message: error.message, cause: error });
}

export function httpStatusOf(error: DomainError): number {
  return domainErrorCodes[error.code].http;
}

/**
 * A route handler's answer to a failure: the domain error as JSON with its status; anything else
 * is logged and answered 500 with the request id only.
 */
export function errorResponse(raw: unknown): Response {
  const error = asInputError(raw) ?? raw;
  if (!(error instanceof DomainError)) {
    log().error({ err: error }, "request failed");
    return jsonResponse(
      { error: { code: "INTERNAL", message: internalErrorMessage(), fieldErrors: {} } },
      { status: 500 },
    );
  }
  return jsonResponse(
    { error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors ?? {} } },
    { status: httpStatusOf(error) },
  );
}

/** Postgres error of a unique or check violation, as thrown by postgres-js (possibly wrapped by drizzle). */
export function postgresConstraintOf(error: unknown): { code: string; constraint: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && typeof candidate.constraint_name === "string") {
      return { code: candidate.code, constraint: candidate.constraint_name };
    }
    current = candidate.cause;
  }
  return undefined;
}

/** The PostgreSQL error in an error's causes (postgres-js, possibly wrapped by drizzle), if any. */
function databaseErrorOf(error: unknown): { code: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const candidate = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if (candidate.name === "PostgresError" && typeof candidate.code === "string") {
      return { code: candidate.code, message: String(candidate.message) };
    }
    current = candidate.cause;
  }
  return undefined;
}

/**
 * An error as it may be shown to users: a domain error's own message, a database error by its
 * SQLSTATE only (a query's text and parameters stay in the log), anything else by its message.
 */
export function publicMessageOf(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  const database = databaseErrorOf(error);
  if (database) return `a database error (SQLSTATE ${database.code}); the details are in the server log`;
  if ((error as { query?: unknown } | null)?.query !== undefined) {
    const cause = (error as { cause?: unknown }).cause;
    return `a database query failed (${cause instanceof Error ? cause.message : "no connection"})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Bad data the database refused (SQLSTATE class 22: a NUL character, a number out of range, a
 * malformed value) is the caller's input at fault, not the server's: a 400 that says so.
 */
export function asInputError(error: unknown): DomainError | undefined {
  const database = databaseErrorOf(error);
  if (!database?.code.startsWith("22")) return undefined;
  return new DomainError(
    "INVALID_INPUT",
    `A value was refused by the database (SQLSTATE ${database.code}): check for control characters, or numbers out of range.`,
    { cause: error },
  );
}

/** What a client is told of an internal error: nothing of it, but the id to find it in the log. */
export function internalErrorMessage(): string {
  const id = currentRequestId();
  return `Something went wrong on the server; it has been logged${id ? ` (request ${id})` : ""}.`;
}
