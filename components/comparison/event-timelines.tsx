"use client";
/**
 * Both runs' timelines of one video, one above the other, opened on the same span around a
 * moment and marked at its frame, so that what each run did there lines up.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { TimelineChart } from "@/components/results/timeline-chart";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import type { Focus } from "./types";

/** The span first shown: a little before the moment, more after (detections come late). */
const BEFORE_MS = 3000;
const AFTER_MS = 5000;

function RunTimeline({
  title,
  workflowId,
  sessionId,
  focus,
}: {
  title: string;
  workflowId: string;
  sessionId: string;
  focus: Focus;
}) {
  const trpc = useTRPC();
  const timeline = useQuery(trpc.results.timeline.queryOptions({ workflowId, sessionId }));
  return (
    <div data-timeline={title}>
      <h3 className="text-sm font-semibold text-slate-700">{title}</h3>
      {timeline.isError ? <Alert>{timeline.error.message}</Alert> : null}
      {timeline.data ? (
        <TimelineChart
          timeline={timeline.data}
          window={{ startMs: focus.atMs - BEFORE_MS, endMs: focus.atMs + AFTER_MS }}
          marker={{ atMs: focus.atMs, label: focus.label }}
          height={180}
        />
      ) : (
        <p className="text-sm text-slate-500">Loading the timeline…</p>
      )}
    </div>
  );
}

export function EventTimelines({ a, b, focus }: { a: string; b: string; focus: Focus }) {
  const ref = useRef<HTMLDivElement>(null);
  // Mounted anew for each moment chosen (keyed by it): brought into view once.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return (
    <div ref={ref}>
      <Card
        title={`Both runs at ${focus.label}`}
        description="The same video in run A and run B on the same time span; the dashed line marks the moment. Scroll or drag to zoom."
      >
        <div className="space-y-4">
          <RunTimeline title="Run A" workflowId={a} sessionId={focus.sessionA} focus={focus} />
          <RunTimeline title="Run B" workflowId={b} sessionId={focus.sessionB} focus={focus} />
        </div>
      </Card>
    </div>
  );
}
