"use client";
/**
 * One session of the run on a timeline, chosen from the run's analysed sessions: its ground truth
 * against its detections, as the newest analysis marked them. Loaded per session, so a run of
 * many long videos does not send every event to the page at once.
 */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TimelineChart } from "./timeline-chart";
import type { Results } from "./types";

export function SessionTimeline({ workflowId, sessions }: { workflowId: string; sessions: Results["sessions"] }) {
  const trpc = useTRPC();
  const analysed = sessions.filter((s) => s.evaluated);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const sessionId = analysed.find((s) => s.id === chosen)?.id ?? analysed[0]?.id;
  const timeline = useQuery({
    ...trpc.results.timeline.queryOptions({ workflowId, sessionId: sessionId ?? "" }),
    enabled: sessionId !== undefined,
  });
  if (!sessionId) return null;
  const session = analysed.find((s) => s.id === sessionId);
  return (
    <Card
      title={`Timeline · ${session?.fileName ?? ""}`}
      description="Ground truth against detections; hover for times, scroll or drag the slider to zoom."
      actions={
        analysed.length > 1 ? (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <span>Session</span>
            <select
              className="rounded-md bg-surface px-2 py-1 text-sm ring-1 ring-slate-300"
              value={sessionId}
              onChange={(e) => setChosen(e.target.value)}
            >
              {analysed.map((s, i) => (
                <option key={s.id} value={s.id}>
                  {s.fileName} · {s.source === "import" ? `imported ${s.importedFile ?? ""}` : `played ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        ) : null
      }
    >
      {timeline.isError ? <Alert>{timeline.error.message}</Alert> : null}
      {timeline.data ? (
        <TimelineChart timeline={timeline.data} />
      ) : (
        <p className="text-sm text-slate-500">Loading the timeline…</p>
      )}
    </Card>
  );
}
