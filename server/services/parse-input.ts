/**
 * Validates a service's input with its zod schema. Routers validate too, but services are also
 * called by the CLI and REST, so the rule lives here once. Errors name every field at fault.
 */
import type { z } from "zod";
import { DomainError, type FieldErrors } from "../errors";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(result.error);
}

type Issue = { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string; keys?: readonly string[] };

/** Works for zod errors and any Standard Schema issue list. */
export function invalidInput(error: { issues: ReadonlyArray<Issue> }): DomainError {
  // No prototype: a field named "constructor" or "__proto__" is a field like any other.
  const fieldErrors: FieldErrors = Object.create(null);
  for (const issue of error.issues) {
    // An unknown key is named itself, not the object around it.
    const path = [...(issue.path ?? []), ...(issue.keys?.length ? [issue.keys[0]] : [])];
    const field = path.map((part) => String(typeof part === "object" ? part?.key : part)).join(".") || "input";
    fieldErrors[field] = [...(fieldErrors[field] ?? []), issue.message];
  }
  const summary = Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join(" · ");
  return new DomainError("INVALID_INPUT", `Invalid input — ${summary}`, {
    cause: error,
    fieldErrors: Object.fromEntries(Object.entries(fieldErrors)),
  });
}

/**
 * The path of the first string in a value that holds a NUL character (PostgreSQL stores no NUL
 * in text), or null. Walks at most `limit` values: inputs are bounded before they get here.
 */
function nulPathOf(value: unknown, path = "input", limit = { left: 100_000 }): string | null {
  if (limit.left-- <= 0) return null;
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return path;
    const found = nulPathOf(item, path === "input" ? key : `${path}.${key}`, limit);
    if (found) return found;
  }
  return null;
}

/** Refuses an input with a NUL character anywhere, naming the field. */
export function refuseNul(value: unknown): void {
  const field = nulPathOf(value);
  if (field) throw DomainError.field("INVALID_INPUT", field, "must not contain a NUL character (\\0)");
}
