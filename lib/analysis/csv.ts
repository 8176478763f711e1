/**
 * CSV cells and lines for every export (RFC 4180 quoting). Text that a spreadsheet would run as
 * a formula (starting with =, +, -, @) is prefixed with a quote mark; numbers are written to 12
 * significant digits, which drops binary floating-point noise (0.8000000000000002 is 0.8) and
 * keeps every digit a measured figure has. Pure, so the browser's exports use it too.
 */
import { cleanNumber } from "./clean-number";

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(cleanNumber(value)) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(",");
}
