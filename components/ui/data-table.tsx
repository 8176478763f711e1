import type { ReactNode } from "react";
import { cn } from "./cn";

/** A heading, or one with classes; `hidden` keeps it for screen readers only (a checkbox column). */
export type Column = string | { label: string; className?: string; hidden?: boolean };

/**
 * A plain table with a header row; rows are the children (`<tr>` with cells). A table wider than
 * its card scrolls inside it, never the page (phones).
 */
export function DataTable({
  columns,
  children,
  spacious,
}: {
  columns: ReadonlyArray<Column | null>;
  children: ReactNode;
  /** Full-width list pages: padded cells and a tinted header. */
  spacious?: boolean;
}) {
  return (
    <div className="relative max-w-full overflow-x-auto">
      <table className={cn("min-w-full text-sm", spacious && "divide-y divide-slate-200")}>
        <thead
          className={cn(
            "text-left text-xs font-semibold uppercase tracking-wide text-slate-500",
            spacious && "bg-slate-50",
          )}
        >
          <tr>
            {columns
              .filter((column): column is Column => column !== null)
              .map((column) => {
                const { label, className, hidden } =
                  typeof column === "string" ? { label: column, className: undefined, hidden: false } : column;
                return (
                  <th key={label} scope="col" className={cn(spacious ? "px-4 py-3" : "py-2", "pr-3", className)}>
                    {hidden ? <span className="sr-only">{label}</span> : label}
                  </th>
                );
              })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
