"use client";
/**
 * The history of a subject's changes, newest first: when, who, what, and the values before and
 * after (written in the same transaction as each change; nothing in it can be edited). A page at
 * a time, with "Show older changes".
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { historyValue } from "@/lib/history-value";
import type { ListHistoryInput } from "@/lib/validation/history";

export function HistoryCard({
  subject,
  title = "History",
  description = "Every change to what a verdict depends on: who, when, before and after. Recorded with the change; it cannot be edited.",
}: {
  subject: Pick<ListHistoryInput, "subjectType" | "subjectId">;
  title?: string;
  description?: string;
}) {
  const trpc = useTRPC();
  const history = useInfiniteQuery(
    trpc.history.list.infiniteQueryOptions(
      { ...subject, limit: 25 },
      { getNextPageParam: (page) => page.next ?? undefined },
    ),
  );
  const entries = history.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <Card title={title} description={description}>
      {history.isError ? <Alert>{history.error.message}</Alert> : null}
      {history.isPending ? <p className="text-sm text-slate-500">Loading the history…</p> : null}
      {history.data && entries.length === 0 ? <p className="text-sm text-slate-500">No change recorded yet.</p> : null}
      {entries.length > 0 ? (
        <DataTable columns={["When", "Who", "What", "Before", "After"]}>
          {entries.map((e) => (
            <tr key={e.id} data-history={e.change}>
              <td className="py-2 pr-3 whitespace-nowrap text-slate-600">{e.at.toLocaleString()}</td>
              <td className="py-2 pr-3 break-all">{e.actor}</td>
              <td className="py-2 pr-3 font-medium">{e.change}</td>
              <td className="py-2 pr-3 font-mono text-xs break-all text-slate-600">{historyValue(e.before)}</td>
              <td className="py-2 pr-3 font-mono text-xs break-all">{historyValue(e.after)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {history.hasNextPage ? (
        <div className="mt-3">
          <Button variant="secondary" pending={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            Show older changes
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
