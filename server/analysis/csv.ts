/**
 * CSV cells and lines for every export (RFC 4180 quoting). Text that a spreadsheet would run as
 * a formula (starting with =, +, -, @) is prefixed with a quote mark; numbers are left as they are.
 * Pure, so the browser's exports use it too.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(",");
}
