/**
 * Sign-in (better-auth, email + password, sessions in PostgreSQL). Sign-up is closed: users are
 * created by an admin, the CLI, or the first-admin setup on an empty database.
 */
import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { eq } from "drizzle-orm";
import * as schema from "@/db/schema";
import { PASSWORD_MIN } from "@/lib/validation/user";
import { getDb } from "@/server/runtime/slot";
import { env } from "../env";
import { logger } from "../logger";
import { processShared } from "../runtime/slot";
import { CLIENT_ADDRESS_HEADER } from "../web/client-address";
import { resolveAuthSecret } from "./secret";

function createAuth() {
  return betterAuth({
    appName: "Sightline",
    secret: resolveAuthSecret(),
    baseURL: env.SIGHTLINE_PUBLIC_URL ?? { allowedHosts: ["*"], fallback: `http://localhost:${env.PORT}` },
    // Same-origin requests only: the browser's Origin must be the host it is talking to.
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    database: drizzleAdapter(getDb(), { provider: "pg", schema, usePlural: true }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: PASSWORD_MIN, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // A deactivated account gets no new session (its old ones were deleted when it was deactivated).
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const [user] = await getDb()
              .select({ deactivatedAt: schema.users.deactivatedAt })
              .from(schema.users)
              .where(eq(schema.users.id, session.userId));
            if (user?.deactivatedAt) {
              throw new APIError("FORBIDDEN", {
                message: "This account is deactivated: ask an admin of this Sightline to reactivate it.",
              });
            }
          },
        },
      },
    },
    rateLimit: { customRules: { "/sign-in/email": { window: 60, max: 20 } } },
    advanced: {
      database: { generateId: () => crypto.randomUUID() },
      // The address the server itself resolved (server/web/client-address.ts), never a header
      // the client may set: the per-address limit above must not be escapable.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      // Secure cookies only when Sightline is served over HTTPS (SIGHTLINE_PUBLIC_URL): a browser
      // drops a __Secure- cookie sent over plain HTTP, and sign-in would silently fail.
      useSecureCookies: env.SIGHTLINE_PUBLIC_URL?.startsWith("https://") ?? false,
    },
    telemetry: { enabled: false },
    logger: {
      log: (level, message) => logger[level]({ component: "auth" }, message),
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

export function getAuth(): Auth {
  return processShared("auth", createAuth);
}
