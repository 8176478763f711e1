/**
 * tRPC setup: the request context (who is signed in), the procedures by role, and the one error
 * formatter that gives clients the domain code and the fields at fault.
 */
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { hasRole } from "@/lib/roles";
import type { UserRole } from "@/lib/validation/user";
import { getSessionUser, type SessionUser } from "./auth/session";
import { asInputError, DomainError, type FieldErrors, internalErrorMessage, toTRPCError } from "./errors";
import { withActor } from "./history/record-change";
import { log } from "./logger";
import { invalidInput, refuseNul } from "./services/parse-input";

export type Context = { user: SessionUser | null };

export async function createContext({ headers }: { headers: Headers }): Promise<Context> {
  return { user: await getSessionUser(headers) };
}

function hasIssues(value: unknown): value is { issues: { path?: PropertyKey[]; message: string }[] } {
  return typeof value === "object" && value !== null && Array.isArray((value as { issues?: unknown }).issues);
}

/**
 * superjson, except that a frozen answer (an immutable value kept by a short cache and handed to
 * many callers) is serialized once and reused: walking it again for every caller was the largest
 * cost of a busy dashboard.
 */
const serializedOnce = new WeakMap<object, ReturnType<typeof superjson.serialize>>();
const transformer = {
  input: superjson,
  output: {
    serialize(value: unknown) {
      if (typeof value !== "object" || value === null || !Object.isFrozen(value)) return superjson.serialize(value);
      let serialized = serializedOnce.get(value);
      if (!serialized) {
        serialized = superjson.serialize(value);
        serializedOnce.set(value, serialized);
      }
      return serialized;
    },
    deserialize: (value: Parameters<typeof superjson.deserialize>[0]) => superjson.deserialize(value),
  },
};

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error }) {
    let fieldErrors: FieldErrors | undefined;
    let domainCode: string | undefined;
    const cause = error.cause;
    if (cause instanceof DomainError) {
      fieldErrors = cause.fieldErrors;
      domainCode = cause.code;
    }
    // Stacks stay in the server log; clients get the code and the fields at fault. An internal
    // error's message (a query's text, its parameters) stays there too.
    const { stack: _stack, ...data } = shape.data;
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof DomainError);
    const message = internal ? internalErrorMessage() : shape.message;
    return { ...shape, message, data: { ...data, domainCode: domainCode ?? null, fieldErrors: fieldErrors ?? null } };
  },
});

/**
 * Domain errors become their tRPC code, schema errors a readable message naming the fields;
 * anything else is logged with its cause.
 */
const errorMapping = t.middleware(async ({ next, path, type, getRawInput }) => {
  try {
    refuseNul(await getRawInput().catch(() => undefined));
  } catch (error) {
    throw toTRPCError(error as DomainError);
  }
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) throw toTRPCError(cause);
    const badValue = asInputError(cause);
    if (badValue) throw toTRPCError(badValue);
    // Input refused by the procedure's schema: the same readable, field-naming error as services give.
    if (result.error.code === "BAD_REQUEST" && hasIssues(cause)) throw toTRPCError(invalidInput(cause));
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      log().error({ err: result.error, path, type }, "procedure failed");
    }
  }
  return result;
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

export const publicProcedure = t.procedure.use(errorMapping);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const user = ctx.user;
  // Changes the procedure makes are recorded in the history as the signed-in user's.
  return withActor(user, () => next({ ctx: { user } }));
});

export function roleProcedure(role: UserRole) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.user.role, role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${role} role; you are signed in as ${ctx.user.role}.`,
      });
    }
    return next();
  });
}
