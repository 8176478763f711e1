/**
 * Puts the server's field errors (from the tRPC error's data.fieldErrors) next to the fields of
 * a react-hook-form form. Returns the message for errors that belong to no field.
 */
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

type ErrorWithFields = { message?: string; data?: { fieldErrors?: Record<string, string[]> } | null };

export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  options: { stripPrefix?: string; knownFields?: readonly string[] } = {},
): string | null {
  const { message, data } = (error ?? {}) as ErrorWithFields;
  const fieldErrors = data?.fieldErrors ?? {};
  let placed = 0;
  for (const [rawPath, messages] of Object.entries(fieldErrors)) {
    const path =
      options.stripPrefix && rawPath.startsWith(`${options.stripPrefix}.`)
        ? rawPath.slice(options.stripPrefix.length + 1)
        : rawPath;
    if (options.knownFields && !options.knownFields.some((f) => path === f || path.startsWith(`${f}.`))) continue;
    setError(path as Path<T>, { type: "server", message: messages.join("; ") });
    placed++;
  }
  return placed > 0 ? null : (message ?? "Something went wrong; try again.");
}
