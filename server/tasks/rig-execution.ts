/**
 * execute_tests on real rigs (DESIGN §3, §6): one session per assigned video, played by the rigs
 * through the dispatcher (server/dispatch: one session per rig at a time, several rigs in
 * parallel, interrupted sessions played again up to `parameters.maxReruns` times, default 2).
 * This task makes the sessions and waits until every video is settled — completed, or without a
 * result once its last replay ended. Progress = settled videos / all.
 *
 * Without any registered rig, or with `parameters.dryRunSeconds`, the run is a dry run (the
 * fallback executor): nothing is played, and the run says so.
 */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { detectionEvents, projectVideos, rigs, testSessions, videos, workflows, workflowTasks } from "@/db/schema";
import { alertLevel } from "@/lib/analysis/latency-alert";
import { isEndedTaskState, isOpenSessionStatus } from "@/lib/states";
import type { RunParameters } from "@/lib/validation/workflow";
import { getDb } from "@/server/runtime/slot";
import { notifyDispatch } from "../dispatch/notify-dispatch";
import { RIG_SILENT_MS } from "../dispatch/plan-dispatch";
import { logger } from "../logger";
import { loadSessionContext } from "../realtime/session-monitor";
import { PermanentTaskError } from "../workflow/task-error";
import { assignedVideosOf } from "./outputs";
import { pollUntil } from "./poll-until";
import type { SubsystemCall, TestExecutor } from "./subsystems";

const POLL_MS = 250;
/** With no rig online for this long while sessions wait, execute_tests fails (`rigWaitSeconds`). */
const RIG_WAIT_SECONDS = 600;

type Session = typeof testSessions.$inferSelect;

type ExecutionPlan = {
  videos: number;
  rigsOnline: number;
  /** Total video time to play. */
  videoSeconds: number;
  /** Wall time if the online rigs play the plan's order without a gap (longest first per rig). */
  estimatedSeconds: number;
  order: { videoId: string; fileName: string; seconds: number; score: number }[];
};

/**
 * The execution plan: videos by the project's priority (the score of their assignment), then
 * longest first, so that the rigs finish close together; the estimate spreads them over the
 * rigs online now.
 */
async function executionPlan(projectId: string, videoIds: string[]): Promise<ExecutionPlan> {
  const rows = await getDb()
    .select({ id: videos.id, fileName: videos.fileName, durationMs: videos.durationMs, score: projectVideos.score })
    .from(videos)
    .leftJoin(projectVideos, and(eq(projectVideos.videoId, videos.id), eq(projectVideos.projectId, projectId)))
    .where(inArray(videos.id, videoIds));
  const order = rows
    .map((r) => ({ videoId: r.id, fileName: r.fileName, seconds: (r.durationMs ?? 0) / 1000, score: r.score ?? 0 }))
    .sort((a, b) => b.score - a.score || b.seconds - a.seconds || a.fileName.localeCompare(b.fileName));
  const [online] = await getDb().select({ n: sql<number>`count(*)::int` }).from(rigs).where(eq(rigs.status, "online"));
  const lanes = new Array(Math.max(1, online?.n ?? 0)).fill(0) as number[];
  for (const v of order) {
    const earliest = lanes.indexOf(Math.min(...lanes));
    lanes[earliest] = (lanes[earliest] as number) + v.seconds;
  }
  return {
    videos: order.length,
    rigsOnline: online?.n ?? 0,
    videoSeconds: order.reduce((sum, v) => sum + v.seconds, 0),
    estimatedSeconds: Math.max(...lanes),
    order,
  };
}

/**
 * One session per video of the plan, in its order (kept in metadata.order for dispatch). The
 * unique key on (run, video, attempt) makes a second attempt of this task, or a second process,
 * find them made instead of adding more.
 */
async function ensureSessions(workflowId: string, plan: ExecutionPlan): Promise<void> {
  if (plan.order.length === 0) return;
  await getDb().transaction(async (tx) => {
    await tx
      .insert(testSessions)
      .values(
        plan.order.map((v, order) => ({
          workflowId,
          videoId: v.videoId,
          attempt: 1,
          metadata: { source: "rig" as const, order },
        })),
      )
      .onConflictDoNothing();
    await notifyDispatch(tx);
  });
}

/** Whether any rig can take a session now: online and heard from within the silence limit. */
async function anyRigAlive(): Promise<boolean> {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(rigs)
    .where(
      and(eq(rigs.status, "online"), sql`${rigs.lastSeenAt} > now() - make_interval(secs => ${RIG_SILENT_MS / 1000})`),
    );
  return (row?.n ?? 0) > 0;
}

/** A video is settled when one of its sessions completed, or it has none open and none completed. */
function settledVideos(videoIds: string[], sessions: Session[]) {
  const completed: string[] = [];
  const withoutResult: string[] = [];
  for (const id of videoIds) {
    const own = sessions.filter((s) => s.videoId === id);
    if (own.some((s) => s.status === "completed")) completed.push(id);
    else if (own.length > 0 && own.every((s) => !isOpenSessionStatus(s.status))) {
      withoutResult.push(id);
    }
  }
  return { completed, withoutResult };
}

/**
 * Progress by video time played: a settled video counts whole, a playing one up to its position,
 * so the bar moves during playback instead of once per video. Without durations, by videos.
 */
function playedPercent(plan: ExecutionPlan, sessions: Session[], settled: Set<string>): number {
  const totalMs = plan.order.reduce((sum, v) => sum + v.seconds * 1000, 0);
  if (totalMs <= 0) return Math.floor((100 * settled.size) / Math.max(1, plan.order.length));
  let playedMs = 0;
  for (const v of plan.order) {
    const durationMs = v.seconds * 1000;
    if (settled.has(v.videoId)) playedMs += durationMs;
    else {
      const playing = sessions.filter((s) => s.videoId === v.videoId && s.status === "running");
      playedMs += Math.min(durationMs, Math.max(0, ...playing.map((s) => s.positionMs)));
    }
  }
  return Math.min(100, Math.floor((100 * playedMs) / totalMs));
}

/** A dry run: asked for (`dryRunSeconds`), or no rig is registered at all (a fresh install). */
async function isDryRun(parameters: RunParameters): Promise<boolean> {
  if ((parameters.dryRunSeconds ?? 0) > 0) return true;
  const [rig] = await getDb().select({ id: rigs.id }).from(rigs).limit(1);
  return !rig;
}

export function rigExecution(fallback: TestExecutor): TestExecutor {
  return {
    /**
     * Makes the run's sessions and waits for them: the dispatcher (server/dispatch) offers them to
     * rigs, replays interrupted ones and closes them when the run ends, whether or not this
     * attempt is running. So an attempt that stops (its process shuts down, times out, or dies)
     * leaves the sessions playing, and the next attempt waits on the same sessions.
     */
    async executeTests(call: SubsystemCall) {
      const { workflowId, parameters, outputs, signal, progress } = call;
      const dryRun = await isDryRun(parameters);
      // The label follows what is played, decided here: a rig registered since the run was made
      // turns an expected dry run into a real one (and the reverse when the last rig was removed).
      await getDb().update(workflows).set({ dryRun }).where(eq(workflows.id, workflowId));
      if (dryRun) return fallback.executeTests(call);
      const videoIds = assignedVideosOf(outputs);
      if (videoIds.length === 0) throw new PermanentTaskError("No video to play: the run assigned none.");
      const rigWaitSeconds = parameters.rigWaitSeconds ?? RIG_WAIT_SECONDS;
      const plan = await executionPlan(call.projectId, videoIds);
      logger.info(
        { workflowId, videos: plan.videos, rigsOnline: plan.rigsOnline, estimatedSeconds: plan.estimatedSeconds },
        "execution plan",
      );
      await ensureSessions(workflowId, plan);
      let reported = -1;
      let noRigSince: number | null = null;
      return pollUntil(
        async () => {
          const sessions = await getDb().select().from(testSessions).where(eq(testSessions.workflowId, workflowId));
          const { completed, withoutResult } = settledVideos(videoIds, sessions);
          const settled = completed.length + withoutResult.length;
          const percent = playedPercent(plan, sessions, new Set([...completed, ...withoutResult]));
          if (percent !== reported) {
            reported = percent;
            await progress(percent);
          }
          if (settled === videoIds.length) {
            if (completed.length === 0) throw new PermanentTaskError("Every session failed: see the sessions' errors.");
            const count = (status: string) => sessions.filter((s) => s.status === status).length;
            return {
              output: {
                sessions: sessions.length,
                completed: count("completed"),
                failed: count("failed"),
                interrupted: count("interrupted"),
                videos: videoIds.length,
                videosWithoutResult: withoutResult.length,
                plan: { ...plan, order: plan.order.map((v) => v.fileName) },
              },
            };
          }
          // Waiting for a rig is bounded: with none online for this long, the run fails and says why.
          const waiting = sessions.some((s) => s.status === "pending" && s.rigId === null);
          if (waiting && !(await anyRigAlive())) {
            noRigSince ??= Date.now();
            const waitedSeconds = (Date.now() - noRigSince) / 1000;
            if (waitedSeconds > rigWaitSeconds) {
              throw new PermanentTaskError(
                `No rig has been online for ${Math.round(waitedSeconds)} s while sessions wait to be played: start a rig's agent (Rigs), then retry the run.`,
              );
            }
          } else {
            noRigSince = null;
          }
          return undefined;
        },
        { signal, intervalMs: POLL_MS, label: "execute_tests" },
      );
    },
    /**
     * Watches the run's sessions while execute_tests plays them: every stored onset's latency
     * (live matching, as the browsers see it), counting the warning and critical alerts, until
     * execute_tests has ended. The alerts themselves are pushed as the events are stored.
     */
    async monitorExecution(call: SubsystemCall) {
      const { workflowId, parameters, signal, progress } = call;
      if (await isDryRun(parameters)) return fallback.monitorExecution(call);
      const contexts = new Map<string, Awaited<ReturnType<typeof loadSessionContext>>>();
      const alerts = { warning: 0, critical: 0 };
      let worstLatencyMs: number | null = null;
      let detections = 0;
      let cursor = 0;
      return pollUntil(
        async () => {
          const [execution] = await getDb()
            .select({ state: workflowTasks.state })
            .from(workflowTasks)
            .where(and(eq(workflowTasks.workflowId, workflowId), eq(workflowTasks.name, "execute_tests")));
          const ended = !execution || isEndedTaskState(execution.state);
          for (;;) {
            const rows = await getDb()
              .select({
                id: detectionEvents.id,
                sessionId: detectionEvents.sessionId,
                edge: detectionEvents.edge,
                videoTimeUs: detectionEvents.videoTimeUs,
              })
              .from(detectionEvents)
              .innerJoin(testSessions, eq(testSessions.id, detectionEvents.sessionId))
              .where(and(eq(testSessions.workflowId, workflowId), gt(detectionEvents.id, cursor)))
              .orderBy(asc(detectionEvents.id))
              .limit(5000);
            for (const row of rows) {
              if (row.edge === "rising") {
                if (!contexts.has(row.sessionId)) contexts.set(row.sessionId, await loadSessionContext(row.sessionId));
                detections++;
                const context = contexts.get(row.sessionId);
                const onset = context?.matcher.match(row.videoTimeUs);
                if (context && onset != null) {
                  const latencyMs = (row.videoTimeUs - onset) / 1000;
                  worstLatencyMs = Math.max(worstLatencyMs ?? latencyMs, latencyMs);
                  const alert = alertLevel(latencyMs, context);
                  if (alert) alerts[alert.level]++;
                }
              }
              // Moved on only once the row is counted, so a failed step takes it up again.
              cursor = row.id;
            }
            if (rows.length < 5000) break;
          }
          // Everything stored before execute_tests ended has been read.
          if (ended) return { output: { alerts, worstLatencyMs, detections } };
          const sessions = await getDb()
            .select({ status: testSessions.status })
            .from(testSessions)
            .where(eq(testSessions.workflowId, workflowId));
          if (sessions.length) {
            await progress(
              Math.floor((100 * sessions.filter((s) => !isOpenSessionStatus(s.status)).length) / sessions.length),
            );
          }
          return undefined;
        },
        { signal, intervalMs: 500, label: "monitor_execution" },
      );
    },
  };
}
