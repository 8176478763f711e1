import { type ReactNode, useId } from "react";
import { cn } from "./cn";

export function Card({
  title,
  description,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  // Titled cards are regions named by their title, so they can be found and skipped to.
  const titleId = useId();
  return (
    <section
      aria-labelledby={title ? titleId : undefined}
      // min-w-0: in a grid or flex row, a wide table scrolls inside the card instead of widening the page.
      className={cn("min-w-0 rounded-lg bg-surface shadow-sm ring-1 ring-slate-200", className)}
    >
      {title ? (
        <header className="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-4">
          <div>
            <h2 id={titleId} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {description ? <div className="mt-0.5 text-sm text-slate-500">{description}</div> : null}
          </div>
          {actions}
        </header>
      ) : null}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
