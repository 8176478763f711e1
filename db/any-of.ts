/**
 * `column = any($1::type[])`: the column equals one of the values, bound as one array parameter.
 * Drizzle's `inArray` writes `in ($1, $2, …)`, a different statement for each length of the list,
 * which the pool leaves unprepared (./prepared-statements.ts); this is one statement for all.
 */
import { type Column, type SQL, sql } from "drizzle-orm";

export function isAnyOf(column: Column, values: readonly unknown[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(column.getSQLType())}[])`;
}
