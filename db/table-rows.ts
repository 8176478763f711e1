/**
 * Rows read with `select *` from one table, made what Drizzle's own select of the table gives:
 * keyed by field name, each value decoded by its column (timestamps to dates, and so on). A hot
 * path keeps its statement's text fixed and skips building a select each time, which cost more
 * than the query itself in the workflow engine's steps.
 */
import { getTableColumns, type Table } from "drizzle-orm";

export function tableRows<T extends Table>(table: T): (rows: Iterable<Record<string, unknown>>) => T["$inferSelect"][] {
  const columns = Object.entries(getTableColumns(table)).map(([field, column]) => ({
    field,
    name: column.name,
    column,
  }));
  return (rows) => {
    const decoded: T["$inferSelect"][] = [];
    for (const row of rows) {
      const out: Record<string, unknown> = {};
      for (const { field, name, column } of columns) {
        const value = row[name];
        out[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      decoded.push(out as T["$inferSelect"]);
    }
    return decoded;
  };
}
