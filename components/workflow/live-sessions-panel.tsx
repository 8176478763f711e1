"use client";
/**
 * The run's test sessions, live: which rig plays which video and where it is, the detections on
 * the ground-truth timeline as they arrive with the latency of each match, and a toast for every
 * latency above the warning or critical threshold. Starts from the server's current state and
 * applies pushes on top; a reconnect reloads the state.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useLiveEvent, useLiveReconnect } from "@/components/live/use-live";
import { TimelineChart } from "@/components/results/timeline-chart";
import type { TimelineView } from "@/components/results/types";
import { type RouterOutputs, useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { plural } from "@/components/ui/plural";
import { ProgressBar } from "@/components/ui/progress-bar";
import { type AlertPush, liveRooms } from "@/lib/live-events";

type Sessions = RouterOutputs["workflows"]["sessions"];
type Session = Sessions["sessions"][number];

const statusTone = {
  running: "info",
  completed: "good",
  failed: "bad",
  cancelled: "muted",
  interrupted: "warn",
  pending: "neutral",
} as const;

function asTimeline(session: Session, windowMs: number): TimelineView {
  const matched = new Set(session.detections.map((d) => d.groundTruthOnsetUs).filter((x) => x !== null));
  const playedMs =
    session.status === "running" || session.status === "pending" ? session.positionMs : Number.POSITIVE_INFINITY;
  // Missed only once playback has passed the event's whole match window.
  const outcomeOf = (onsetUs: number) =>
    matched.has(onsetUs)
      ? ("tp" as const)
      : onsetUs / 1000 + windowMs < playedMs
        ? ("fn" as const)
        : ("pending" as const);
  return {
    sessionId: session.id,
    videoId: session.video.id,
    fileName: session.video.fileName,
    durationMs: session.video.durationMs,
    groundTruth: session.groundTruth.map((g, i) => ({
      id: String(i),
      class: g.class,
      onsetMs: g.onsetUs / 1000,
      offsetMs: g.offsetUs / 1000,
      outcome: outcomeOf(g.onsetUs),
      latencyMs: session.detections.find((d) => d.groundTruthOnsetUs === g.onsetUs)?.latencyMs ?? null,
      // Live matching uses the project's window; events' own windows are judged by the analysis.
      notBeforeMs: null,
      deadlineMs: null,
      marginMs: null,
    })),
    detections: session.detections
      .filter((d) => d.edge === "rising")
      .map((d) => ({
        id: d.seq,
        class: d.class,
        onsetMs: d.videoTimeUs / 1000,
        offsetMs: null,
        outcome: d.latencyMs !== null ? ("tp" as const) : ("fp" as const),
        latencyMs: d.latencyMs,
        early: false,
      })),
  };
}

function SessionCard({ session, windowMs }: { session: Session; windowMs: number }) {
  const timeline = useMemo(() => asTimeline(session, windowMs), [session, windowMs]);
  const matches = session.detections
    .filter((d) => d.latencyMs !== null)
    .slice(-5)
    .reverse();
  const duration = session.video.durationMs ?? 0;
  return (
    <section
      aria-label={`Session ${session.video.fileName}`}
      className="space-y-3 border-t border-slate-100 pt-4 first:border-0 first:pt-0"
    >
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-mono text-xs">{session.video.fileName}</span>
        <Badge tone={statusTone[session.status as keyof typeof statusTone] ?? "neutral"}>{session.status}</Badge>
        <span className="text-sm text-slate-500">
          {session.rigName
            ? `${session.status === "pending" ? "offered to" : "on"} ${session.rigName}`
            : session.status === "pending"
              ? "waiting for a rig"
              : "no rig"}
          {session.attempt > 1 ? ` · attempt ${session.attempt}` : ""}
        </span>
        <span className="ml-auto text-sm tabular-nums text-slate-600">
          {plural(session.detections.filter((d) => d.edge === "rising").length, "detection")}
        </span>
      </div>
      <ProgressBar
        label={`Playback of ${session.video.fileName}`}
        value={
          duration
            ? Math.min(100, (100 * (session.status === "completed" ? duration : session.positionMs)) / duration)
            : 0
        }
      />
      {session.status !== "pending" ? <TimelineChart timeline={timeline} /> : null}
      {matches.length ? (
        <ul className="flex flex-wrap gap-2 text-xs" aria-label={`Latest matches of ${session.video.fileName}`}>
          {matches.map((d) => (
            <li key={d.seq} className="rounded bg-slate-100 px-2 py-1 tabular-nums">
              {(d.videoTimeUs / 1e6).toFixed(2)} s · {d.latencyMs?.toFixed(0)} ms
            </li>
          ))}
        </ul>
      ) : null}
      {session.error ? <p className="text-sm text-red-700">{session.error}</p> : null}
    </section>
  );
}

type Alert = AlertPush & { key: number };

/**
 * Latency alerts of the run, newest first, inside the sessions card (never over the charts):
 * each names the video, the rig and the moment in the video.
 */
function LatencyAlerts({
  alerts,
  sessions,
  dismiss,
}: {
  alerts: Alert[];
  sessions: Session[];
  dismiss: (key: number) => void;
}) {
  if (alerts.length === 0) return null;
  return (
    <ul aria-label="Latency alerts" className="mb-4 space-y-2">
      {[...alerts].reverse().map((a) => {
        const session = sessions.find((s) => s.id === a.sessionId);
        return (
          <li
            key={a.key}
            className={`flex items-start justify-between gap-3 rounded-md px-4 py-2 text-sm ring-1 ${
              a.level === "critical"
                ? "bg-red-50 text-red-900 ring-red-300"
                : "bg-amber-50 text-amber-900 ring-amber-300"
            }`}
          >
            <p role="alert">
              <strong className="mr-1">{a.level === "critical" ? "Critical latency" : "Latency warning"}:</strong>
              {Math.round(a.latencyMs)} ms (limit {Math.round(a.thresholdMs)} ms) at {(a.videoTimeUs / 1e6).toFixed(2)}{" "}
              s of <span className="font-mono text-xs">{session?.video.fileName ?? "a video of this run"}</span>
              {session?.rigName ? ` on ${session.rigName}` : ""}
            </p>
            <button type="button" className="shrink-0 text-xs underline" onClick={() => dismiss(a.key)}>
              Dismiss
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function LiveSessionsPanel({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.workflows.sessions.queryKey({ id: workflowId });
  const sessions = useQuery(trpc.workflows.sessions.queryOptions({ id: workflowId }));
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const room = liveRooms.workflow(workflowId);
  const refetch = () => void queryClient.invalidateQueries({ queryKey: key });

  useLiveEvent(room, "session:detections", (push) => {
    if (push.workflowId !== workflowId) return;
    let known = true;
    queryClient.setQueryData(key, (current) => {
      if (!current) return current;
      const target = current.sessions.find((s) => s.id === push.sessionId);
      if (!target) {
        known = false;
        return current;
      }
      const seen = new Set(target.detections.map((d) => d.seq));
      const added = push.events.filter((e) => !seen.has(e.seq));
      if (added.length === 0) return current;
      return {
        ...current,
        sessions: current.sessions.map((s) =>
          s.id === push.sessionId ? { ...s, detections: [...s.detections, ...added].sort((a, b) => a.seq - b.seq) } : s,
        ),
      };
    });
    if (!known) refetch();
  });
  useLiveEvent(room, "session:changed", (push) => {
    if (push.workflowId !== workflowId) return;
    let known = true;
    queryClient.setQueryData(key, (current) => {
      if (!current) return current;
      const target = current.sessions.find((s) => s.id === push.sessionId);
      // A new session, or one a rig has just taken: reload, for the rig's name.
      if (!target || target.rigId !== push.rigId) {
        known = false;
        return current;
      }
      return {
        ...current,
        sessions: current.sessions.map((s) =>
          s.id === push.sessionId ? { ...s, status: push.status as Session["status"], positionMs: push.positionMs } : s,
        ),
      };
    });
    if (!known) refetch();
  });
  useLiveEvent(room, "session:alert", (push) => {
    if (push.workflowId !== workflowId) return;
    setAlerts((list) => [...list.slice(-4), { ...push, key: Date.now() + Math.random() }]);
  });
  useLiveReconnect(refetch);

  // Alerts leave after a while; the latency stays in the session's figures.
  useEffect(() => {
    if (alerts.length === 0) return;
    const timer = setTimeout(() => setAlerts((list) => list.slice(1)), 20_000);
    return () => clearTimeout(timer);
  }, [alerts]);

  const list = sessions.data?.sessions ?? [];
  return (
    <>
      {list.length ? (
        <Card
          title="Test sessions"
          description={`Live from the rigs. Warning above ${sessions.data?.thresholds.warningMs} ms, critical above ${sessions.data?.thresholds.criticalMs} ms.`}
        >
          <LatencyAlerts
            alerts={alerts}
            sessions={list}
            dismiss={(k) => setAlerts((l) => l.filter((a) => a.key !== k))}
          />
          <div className="space-y-4">
            {list.map((s) => (
              <SessionCard key={s.id} session={s} windowMs={sessions.data?.thresholds.matchWindowMs ?? 1000} />
            ))}
          </div>
        </Card>
      ) : null}
    </>
  );
}
