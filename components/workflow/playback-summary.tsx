"use client";
/**
 * How far playback has come and how long it has left, in words: video time played of the
 * run's total, and an estimate from the execution plan (the video time still to play, spread
 * over the rigs playing it). A dry run's estimate comes from its simulated playback time.
 */
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { isOpenSessionStatus } from "@/lib/states";
import { formatDuration } from "./run-label";

type Run = {
  id: string;
  dryRun: boolean;
  control: string;
  state: string;
  parameters: Record<string, unknown>;
  tasks: { name: string; state: string; progress: number }[];
};

export function PlaybackSummary({ run }: { run: Run }) {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.workflows.sessions.queryOptions({ id: run.id }));
  const execute = run.tasks.find((t) => t.name === "execute_tests");
  if (!execute || execute.state === "pending" || execute.state === "queued") return null;
  const paused = run.control === "paused";
  const done = execute.state === "succeeded";

  if (run.dryRun) {
    const seconds = Number(run.parameters.dryRunSeconds ?? 0);
    if (!(seconds > 0)) return null;
    const left = done ? 0 : ((100 - execute.progress) / 100) * seconds * 1000;
    return (
      <p className="text-sm text-slate-600">
        Simulated playback: {formatDuration(seconds * 1000 - left)} of {formatDuration(seconds * 1000)}
        {done ? " · done" : paused ? " · held while the run is paused" : ` · about ${formatDuration(left)} left`}
      </p>
    );
  }

  const list = sessions.data?.sessions ?? [];
  if (list.length === 0) return null;
  // The latest attempt of each video stands for it.
  const byVideo = new Map<string, (typeof list)[number]>();
  for (const s of list) {
    const known = byVideo.get(s.video.id);
    if (!known || s.attempt > known.attempt) byVideo.set(s.video.id, s);
  }
  let totalMs = 0;
  let playedMs = 0;
  const playing = new Set<string>();
  for (const s of byVideo.values()) {
    const duration = s.video.durationMs ?? 0;
    totalMs += duration;
    if (s.status === "completed" || s.status === "failed" || s.status === "cancelled") playedMs += duration;
    else if (s.status === "running") {
      playedMs += Math.min(duration, s.positionMs);
      if (s.rigId) playing.add(s.rigId);
    }
  }
  const lanes = Math.max(1, playing.size);
  const leftMs = Math.max(0, totalMs - playedMs) / lanes;
  const settled = [...byVideo.values()].filter((s) => !isOpenSessionStatus(s.status)).length;
  return (
    <p className="text-sm text-slate-600">
      Played {formatDuration(playedMs)} of {formatDuration(totalMs)} of video · {settled} of {byVideo.size}{" "}
      {byVideo.size === 1 ? "video" : "videos"} done
      {done || leftMs === 0
        ? ""
        : paused
          ? " · paused: no new session starts until the run is resumed"
          : ` · about ${formatDuration(leftMs)} left on ${lanes} ${lanes === 1 ? "rig" : "rigs"}`}
    </p>
  );
}
