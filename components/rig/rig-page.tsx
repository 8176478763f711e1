"use client";
/**
 * One rig: its display calibration (DESIGN §12) — the newest result with its interval, drift and
 * histogram, the calibration playing now, the form that asks for one, and every calibration
 * before it — so an engineer sees at once whether the rig's latencies can be trusted.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { useLiveEvent } from "@/components/live/use-live";
import { useCurrentUser } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { DisplayLatency } from "@/lib/calibration/display-latency";
import { flashSchedule } from "@/lib/calibration/flash-schedule";
import { latencyHistogramOption } from "@/lib/charts/latency-histogram-option";
import { liveRooms } from "@/lib/live-events";
import { hasRole } from "@/lib/roles";
import { CalibrationForm } from "./calibration-form";

/** The calibration video's length (the same schedule the server encoded). */
const durationMs = (c: { flashes: number; fps: number; seed: number }) => {
  const s = flashSchedule(c);
  return (s.frames * 1000) / s.fps;
};

const statusTone = { pending: "muted", running: "info", completed: "good", failed: "bad" } as const;
const ms = (v: number) => `${v.toFixed(1)} ms`;

function CalibrationFigures({ result }: { result: DisplayLatency }) {
  const figures: [string, string][] = [
    ["Display latency (mean)", ms(result.meanMs)],
    ["95 % interval of the mean", `${ms(result.ciMs[0])} – ${ms(result.ciMs[1])}`],
    ["SD", ms(result.sdMs)],
    ["p95", ms(result.p95Ms)],
    ["Drift", result.driftPpm === null ? "n/a" : `${result.driftPpm.toFixed(0)} ppm`],
    ["Flashes seen", `${result.paired} of ${result.flashes}${result.extra ? ` (${result.extra} extra edges)` : ""}`],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3">
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className="text-sm font-medium tabular-nums text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function CalibrationHistogram({ result }: { result: DisplayLatency }) {
  const { option, summary } = useMemo(
    () =>
      latencyHistogramOption(
        result.latenciesUs.map((us) => us / 1000),
        null,
        null,
        { counted: { one: "flash", many: "flashes" }, fromZero: false },
      ),
    [result],
  );
  return <EChart option={option} label="Display latency histogram" summary={summary} height={220} />;
}

export function RigPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canCalibrate = hasRole(useCurrentUser().role, "engineer");
  const data = useQuery({ ...trpc.rigs.get.queryOptions({ id }), refetchInterval: 2_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rigs.get.queryKey({ id }) });
  useLiveEvent(liveRooms.rigs, "rig:changed", () => void refresh());

  if (data.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (data.isError) return <Alert>{data.error.message}</Alert>;
  const { rig, calibrations } = data.data;
  const latest = calibrations.find((c) => c.status === "completed");
  const open = calibrations.find((c) => c.status === "pending" || c.status === "running");
  const ageDays = latest?.finishedAt ? Math.floor((Date.now() - latest.finishedAt.getTime()) / 86_400_000) : null;

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/rigs" className="text-link hover:underline">
            Rigs
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{rig.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          <Badge tone={rig.status === "online" ? "good" : rig.status === "disabled" ? "bad" : "muted"}>
            {rig.status}
          </Badge>
          {rig.capabilities.source ? (
            <span className="ml-2">
              source {rig.capabilities.source} · player {rig.capabilities.player ?? "?"}
              {rig.capabilities.version ? ` · agent ${rig.capabilities.version}` : ""}
            </span>
          ) : null}
        </p>
      </div>

      <Card
        title="Display latency"
        description="Between the player's frame and the light on the screen: subtracted from this rig's latencies, its uncertainty added to theirs."
      >
        {latest?.result ? (
          <div className="space-y-4">
            <p className="text-sm text-slate-600">
              Calibrated {latest.finishedAt?.toLocaleString()} ({ageDays === 0 ? "today" : `${ageDays} days ago`}) with{" "}
              {latest.signal === "sync" ? "a photodiode on the sync line" : "the camera"}
              {latest.player ? `, ${latest.player}` : ""}
              {latest.playerNotes ? `; player: ${latest.playerNotes}` : ""}
              {latest.monitorNotes ? `; monitor: ${latest.monitorNotes}` : ""}.
            </p>
            <CalibrationFigures result={latest.result} />
            <CalibrationHistogram result={latest.result} />
          </div>
        ) : (
          <p className="text-sm text-slate-600">
            Not calibrated: this rig's latencies are reported as measured, without a display correction.
          </p>
        )}
      </Card>

      {open ? (
        <Card title="Calibration in progress">
          <div className="space-y-2 text-sm">
            <p>
              <Badge tone={statusTone[open.status]}>
                {open.status === "pending" ? "waiting for the rig" : "playing"}
              </Badge>
              <span className="ml-2 text-slate-600">
                {open.flashes} flashes at {open.fps} fps, asked {open.createdAt.toLocaleString()}
                {open.requestedBy ? ` by ${open.requestedBy}` : ""}
              </span>
            </p>
            {open.status === "running" ? (
              <ProgressBar label="Played" value={(open.positionMs / durationMs(open)) * 100} className="max-w-md" />
            ) : (
              <p className="text-slate-500">
                It starts as soon as the rig is online and has finished its current video.
              </p>
            )}
          </div>
        </Card>
      ) : canCalibrate ? (
        <Card
          title="Calibrate"
          description="The rig plays a video whose top-left patch flashes at known, irregular frames; the line watching the patch gives the display latency."
        >
          <CalibrationForm rigId={rig.id} onRequested={() => void refresh()} />
        </Card>
      ) : null}

      <Card title="Calibration history">
        {calibrations.length === 0 ? (
          <p className="text-sm text-slate-500">No calibration yet.</p>
        ) : (
          <DataTable
            columns={["When", "Status", "Seen by", "Mean", "95 % interval", "SD", "p95", "Drift", "Flashes", "Notes"]}
          >
            {calibrations.map((c) => (
              <tr key={c.id} aria-label={`Calibration of ${c.createdAt.toISOString()}`}>
                <td className="py-2 pr-3 whitespace-nowrap">
                  <time dateTime={c.createdAt.toISOString()}>{c.createdAt.toLocaleString()}</time>
                </td>
                <td className="py-2 pr-3">
                  <Badge tone={statusTone[c.status]}>{c.status}</Badge>
                </td>
                <td className="py-2 pr-3">{c.signal === "sync" ? "photodiode" : "camera"}</td>
                <td className="py-2 pr-3 tabular-nums">{c.result ? ms(c.result.meanMs) : "—"}</td>
                <td className="py-2 pr-3 tabular-nums whitespace-nowrap">
                  {c.result ? `${c.result.ciMs[0].toFixed(1)}–${c.result.ciMs[1].toFixed(1)} ms` : "—"}
                </td>
                <td className="py-2 pr-3 tabular-nums">{c.result ? ms(c.result.sdMs) : "—"}</td>
                <td className="py-2 pr-3 tabular-nums">{c.result ? ms(c.result.p95Ms) : "—"}</td>
                <td className="py-2 pr-3 tabular-nums">
                  {c.result?.driftPpm != null ? `${c.result.driftPpm.toFixed(0)} ppm` : "—"}
                </td>
                <td className="py-2 pr-3 tabular-nums">
                  {c.result ? `${c.result.paired}/${c.result.flashes}` : `${c.flashes} at ${c.fps} fps`}
                </td>
                <td className="py-2 text-slate-600">
                  {c.error ? <span className="text-red-700">{c.error}</span> : null}
                  {[c.playerNotes, c.monitorNotes].filter(Boolean).join(" · ")}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
