/** A recorded value of the history in one short line: JSON without quotes around keys, cut at `max` characters. */
export function historyValue(value: unknown, max = 300): string {
  if (value === null || value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value).replace(/"(\w+)":/g, "$1: ");
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
