/**
 * Validated configuration: the only module that reads process.env. A bad value stops start-up
 * with a message that names the variable, so an operator knows what to fix.
 */
import "server-only";
import path from "node:path";
import { z } from "zod";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ error: "must be a whole number between 1 and 65535" })
    .int("must be a whole number between 1 and 65535")
    .min(1, "must be a whole number between 1 and 65535")
    .max(65535, "must be a whole number between 1 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
      message: "must be a postgres:// or postgresql:// URL, or unset to use the embedded database",
    }),
  SIGHTLINE_DATA_DIR: z
    .string()
    .min(1, "must be a directory path")
    .default("./.data")
    .transform((dir) => path.resolve(dir)),
  /** The Ed25519 private key (PEM) that signs evidence; unset: one generated in the data dir. */
  SIGHTLINE_SIGNING_KEY_FILE: z
    .string()
    .trim()
    .optional()
    .transform((file) => (file ? path.resolve(file) : undefined)),
  SIGHTLINE_PUBLIC_URL: z.url({ message: "must be an absolute URL such as https://sightline.example.com" }).optional(),
  /**
   * Addresses of the reverse proxies in front of Sightline (comma-separated): only from these is
   * X-Forwarded-For believed for the client's address, and X-Forwarded-Proto for HTTPS.
   */
  SIGHTLINE_TRUSTED_PROXIES: z.string().optional(),
  SIGHTLINE_AUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (or unset: a secret is generated in the data dir)")
    .optional(),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` }).default("info"),
  /** Set by the `sightline` command: its stdout carries only results, so its logs go to stderr. */
  SIGHTLINE_LOG_DESTINATION: z.enum(["stdout", "stderr"], { error: "must be stdout or stderr" }).default("stdout"),
  /** all: web + workers (default); web: serves HTTP, runs no tasks; worker: runs tasks, no HTTP. */
  SIGHTLINE_MODE: z.enum(["all", "web", "worker"], { error: "must be all, web or worker" }).default("all"),
  SIGHTLINE_WORKER_CONCURRENCY: z.coerce
    .number({ error: "must be a whole number between 1 and 256" })
    .int("must be a whole number between 1 and 256")
    .min(1, "must be a whole number between 1 and 256")
    .max(256, "must be a whole number between 1 and 256")
    .default(32),
  /** /metrics needs `Authorization: Bearer <this>`; without it only local callers may scrape. */
  SIGHTLINE_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Serve /metrics on its own port bound to 127.0.0.1 (no token) instead of the main port. */
  SIGHTLINE_METRICS_PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a port number")
    .min(1, "must be a port number")
    .max(65535, "must be a port number")
    .optional(),
  SIGHTLINE_SHUTDOWN_GRACE_SECONDS: z.coerce
    .number({ error: "must be a number of seconds between 0 and 3600" })
    .min(0, "must be a number of seconds between 0 and 3600")
    .max(3600, "must be a number of seconds between 0 and 3600")
    .default(20),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  ${issue}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty string means "unset" for every optional variable (common in .env files and CI).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        const given = source[name];
        return `${name}: ${issue.message}${given === undefined ? "" : ` (got "${given}")`}`;
      }),
    );
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
