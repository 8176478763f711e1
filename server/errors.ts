/**
 * The one domain error of Sightline, with a code and (for bad input) the fields at fault, and
 * its one mapping to tRPC codes and HTTP statuses. Services throw it; routers never translate.
 */
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

export const domainErrorCodes = {
  INVALID_INPUT: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  /** Not possible in the current state (an illegal transition: pause a finished run, change an archived project). */
  ILLEGAL_STATE: { trpc: "CONFLICT", http: 409 },
  /** Well-formed but not acceptable together with what is stored (e.g. warning above critical). */
  UNPROCESSABLE: { trpc: "UNPROCESSABLE_CONTENT", http: 422 },
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
    this.fieldErrors = options.fieldErrors;
  }

  static field(code: DomainErrorCode, field: string, message: string, cause?: unknown): DomainError {
    return new DomainError(code, `${field}: ${message}`, { cause, fieldErrors: { [field]: [message] } });
  }
}

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: domainErrorCodes[error.code].trpc, message: error.message, cause: error });
}

export function httpStatusOf(error: DomainError): number {
  return domainErrorCodes[error.code].http;
}

/** A route handler's answer to a failure: the domain error as JSON with its status; anything else is rethrown. */
export function errorResponse(error: unknown): Response {
  if (!(error instanceof DomainError)) throw error;
  return Response.json(
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
