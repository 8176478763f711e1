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
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    // An unknown key is named itself, not the object around it.
    const path = [...(issue.path ?? []), ...(issue.keys?.length ? [issue.keys[0]] : [])];
    const field = path.map((part) => String(typeof part === "object" ? part?.key : part)).join(".") || "input";
    fieldErrors[field] = [...(fieldErrors[field] ?? []), issue.message];
  }
  const summary = Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join(" · ");
  return new DomainError("INVALID_INPUT", `Invalid input — ${summary}`, { cause: error, fieldErrors });
}
