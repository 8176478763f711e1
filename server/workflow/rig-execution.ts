/**
 * execute_tests on real rigs (DESIGN §3, §6): one session per assigned video, dispatched to idle
 * online rigs (one session per rig at a time, several rigs in parallel) through their Socket.IO
 * rooms. Sessions wait, visibly pending, until a rig is free. A session whose rig is lost (no
 * agent connected for RIG_LOST_SECONDS) is marked failed as interrupted and run again, up to
 * `parameters.maxReruns` times (default 2). A session a rig accepted but did not start within
 * START_TIMEOUT_SECONDS goes back to the queue. Progress = finished sessions / all.
 *
 * Without any registered rig, or with `parameters.dryRunSeconds`, the run is a dry run (the
 * fallback executor): nothing is played, and the run says so.
 */
import { and, asc, eq, gt, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { SessionAssignment } from "@/agent/protocol";
import { getDb } from "@/db/client";
import {
  detectionEvents,
  groundTruthEvents,
  projectVideos,
  rigs,
  testSessions,
  videos,
  workflowTasks,
} from "@/db/schema";
import { logger } from "../logger";
import { publishSessionChanged, socketServer } from "../realtime/publish";
import { rigRoom } from "../realtime/rig-namespace";
import { loadSessionContext } from "../realtime/session-monitor";
import type { SubsystemCall, TestExecutor } from "./subsystems";
import { PermanentTaskError, ShutdownAbort } from "./task-error";

const TICK_MS = 250;
const RIG_LOST_SECONDS = 15;
const START_TIMEOUT_SECONDS = 30;

type Session = typeof testSessions.$inferSelect;

export type ExecutionPlan = {
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

/** One session per video of the plan, in its order (kept in metadata.order for dispatch). */
async function ensureSessions(workflowId: string, plan: ExecutionPlan): Promise<void> {
  const existing = await getDb()
    .select({ videoId: testSessions.videoId })
    .from(testSessions)
    .where(eq(testSessions.workflowId, workflowId));
  const have = new Set(existing.map((s) => s.videoId));
  const missing = plan.order.map((v, order) => ({ ...v, order })).filter((v) => !have.has(v.videoId));
  if (missing.length) {
    await getDb()
      .insert(testSessions)
      .values(
        missing.map((v) => ({
          workflowId,
          videoId: v.videoId,
          metadata: { source: "rig", attempt: 1, order: v.order },
        })),
      );
  }
}

async function assignment(session: Session): Promise<SessionAssignment> {
  const [video] = await getDb().select().from(videos).where(eq(videos.id, session.videoId));
  if (!video) throw new Error(`video ${session.videoId} is gone`);
  const truth = await getDb()
    .select({
      onsetUs: groundTruthEvents.onsetUs,
      offsetUs: groundTruthEvents.offsetUs,
      class: groundTruthEvents.class,
    })
    .from(groundTruthEvents)
    .where(eq(groundTruthEvents.videoId, video.id))
    .orderBy(asc(groundTruthEvents.onsetUs));
  return {
    sessionId: session.id,
    workflowId: session.workflowId as string,
    video: {
      id: video.id,
      fileName: video.fileName,
      sha256: video.sha256,
      durationMs: video.durationMs,
      url: `/api/rig/videos/${video.id}`,
    },
    groundTruth: truth,
  };
}

/** Offers a session to a rig; true if its agent accepted it. */
async function offer(rigId: string, session: Session): Promise<boolean> {
  const io = socketServer();
  if (!io) return false;
  const message = await assignment(session);
  try {
    const replies = (await io.of("/rig").to(rigRoom(rigId)).timeout(5000).emitWithAck("session:assign", message)) as {
      ok: boolean;
      error?: string;
    }[];
    const accepted = replies.some((r) => r.ok);
    if (!accepted) logger.info({ rigId, session: session.id, replies }, "rig did not take the session");
    return accepted;
  } catch (error) {
    logger.info({ err: error, rigId, session: session.id }, "rig did not answer the session offer");
    return false;
  }
}

async function dispatch(workflowId: string, maxReruns: number): Promise<Session[]> {
  const db = getDb();
  const sessions = await db.select().from(testSessions).where(eq(testSessions.workflowId, workflowId));
  const now = Date.now();

  // Lost rigs: their running (or accepted) sessions are interrupted and queued again.
  const assigned = sessions.filter((s) => s.rigId && (s.status === "running" || s.status === "pending"));
  if (assigned.length) {
    const rigRows = await db
      .select()
      .from(rigs)
      .where(inArray(rigs.id, [...new Set(assigned.map((s) => s.rigId as string))]));
    const byId = new Map(rigRows.map((r) => [r.id, r]));
    for (const s of assigned) {
      const rig = byId.get(s.rigId as string);
      const lost =
        !rig || (rig.status !== "online" && now - (rig.lastSeenAt?.getTime() ?? 0) > RIG_LOST_SECONDS * 1000);
      const stale =
        s.status === "pending" &&
        now - (s.metadata.offeredAt ? Number(s.metadata.offeredAt) : now) > START_TIMEOUT_SECONDS * 1000;
      if (!lost && !stale) continue;
      if (s.status === "running") {
        const attempt = Number(s.metadata.attempt ?? 1);
        await db.transaction(async (tx) => {
          const interrupted = await tx
            .update(testSessions)
            .set({
              status: "failed",
              error: `interrupted: rig ${rig?.name ?? s.rigId} was lost`,
              finishedAt: new Date(),
            })
            .where(and(eq(testSessions.id, s.id), eq(testSessions.status, "running")))
            .returning();
          for (const row of interrupted) publishSessionChanged(row);
          if (attempt <= maxReruns) {
            await tx.insert(testSessions).values({
              workflowId,
              videoId: s.videoId,
              metadata: { source: "rig", attempt: attempt + 1, rerunOf: s.id },
            });
          }
        });
        logger.warn({ session: s.id, rig: rig?.name }, "session interrupted: rig lost");
      } else {
        await db
          .update(testSessions)
          .set({ rigId: null })
          .where(and(eq(testSessions.id, s.id), eq(testSessions.status, "pending")));
      }
    }
  }

  // Idle online rigs take the oldest waiting sessions.
  const waiting = await db
    .select()
    .from(testSessions)
    .where(and(eq(testSessions.workflowId, workflowId), eq(testSessions.status, "pending"), isNull(testSessions.rigId)))
    .orderBy(asc(testSessions.createdAt), asc(sql`(${testSessions.metadata}->>'order')::int`));
  if (waiting.length) {
    const busy = db
      .select({ rigId: testSessions.rigId })
      .from(testSessions)
      .where(and(sql`${testSessions.rigId} is not null`, inArray(testSessions.status, ["pending", "running"])));
    const idle = await db
      .select({ id: rigs.id })
      .from(rigs)
      .where(and(eq(rigs.status, "online"), notInArray(rigs.id, busy)))
      .orderBy(asc(rigs.lastSeenAt));
    for (const [index, rig] of idle.entries()) {
      const session = waiting[index];
      if (!session) break;
      const [claimed] = await db
        .update(testSessions)
        .set({
          rigId: rig.id,
          metadata: sql`${testSessions.metadata} || ${JSON.stringify({ offeredAt: Date.now() })}::jsonb`,
        })
        .where(and(eq(testSessions.id, session.id), isNull(testSessions.rigId), eq(testSessions.status, "pending")))
        .returning();
      if (!claimed) continue;
      if (!(await offer(rig.id, claimed))) {
        await db
          .update(testSessions)
          .set({ rigId: null })
          .where(and(eq(testSessions.id, session.id), eq(testSessions.status, "pending")));
      }
    }
  }
  return db.select().from(testSessions).where(eq(testSessions.workflowId, workflowId));
}

async function cancelSessions(workflowId: string, reason: string): Promise<void> {
  const cancelled = await getDb()
    .update(testSessions)
    .set({ status: "cancelled", error: reason, finishedAt: new Date() })
    .where(and(eq(testSessions.workflowId, workflowId), inArray(testSessions.status, ["pending", "running"])))
    .returning();
  const io = socketServer();
  for (const s of cancelled) {
    publishSessionChanged(s);
    if (s.rigId) io?.of("/rig").to(rigRoom(s.rigId)).emit("session:cancel", { sessionId: s.id, reason });
  }
}

/** A dry run: asked for (`dryRunSeconds`), or no rig is registered at all (a fresh install). */
async function isDryRun(parameters: Record<string, unknown>): Promise<boolean> {
  if (Number(parameters.dryRunSeconds ?? 0) > 0) return true;
  const [rig] = await getDb().select({ id: rigs.id }).from(rigs).limit(1);
  return !rig;
}

export function rigExecution(fallback: TestExecutor): TestExecutor {
  return {
    async executeTests(call: SubsystemCall) {
      const { workflowId, parameters, outputs, signal, progress } = call;
      if (await isDryRun(parameters)) return fallback.executeTests(call);
      const videoIds = ((outputs.generate_ground_truth?.videoIds ?? outputs.assign_videos?.videoIds) as string[]) ?? [];
      if (videoIds.length === 0) throw new PermanentTaskError("No video to play: the run assigned none.");
      const maxReruns = Number.isInteger(parameters.maxReruns) ? Number(parameters.maxReruns) : 2;
      const plan = await executionPlan(call.projectId, videoIds);
      logger.info(
        { workflowId, videos: plan.videos, rigsOnline: plan.rigsOnline, estimatedSeconds: plan.estimatedSeconds },
        "execution plan",
      );
      await ensureSessions(workflowId, plan);
      let reported = -1;
      signal.addEventListener("abort", () => {
        // A worker shutting down hands the task back (another worker waits on the same sessions);
        // anything else (cancel, timeout) ends the sessions.
        if (!(signal.reason instanceof ShutdownAbort)) void cancelSessions(workflowId, String(signal.reason));
      });
      for (;;) {
        signal.throwIfAborted();
        const sessions = await dispatch(workflowId, maxReruns);
        // A video is done when one of its sessions completed, or its last rerun failed.
        const done = videoIds.filter((id) => {
          const own = sessions.filter((s) => s.videoId === id);
          return (
            own.some((s) => s.status === "completed") ||
            (own.length > 0 && own.every((s) => s.status === "failed" || s.status === "cancelled"))
          );
        });
        const percent = Math.floor((100 * done.length) / videoIds.length);
        if (percent !== reported) {
          reported = percent;
          await progress(percent);
        }
        if (done.length === videoIds.length) {
          const completed = videoIds.filter((id) => sessions.some((s) => s.videoId === id && s.status === "completed"));
          if (completed.length === 0) throw new PermanentTaskError("Every session failed: see the sessions' errors.");
          return {
            output: {
              sessions: sessions.length,
              completed: sessions.filter((s) => s.status === "completed").length,
              failed: sessions.filter((s) => s.status === "failed").length,
              videos: videoIds.length,
              videosWithoutResult: videoIds.length - completed.length,
              plan: { ...plan, order: plan.order.map((v) => v.fileName) },
            },
          };
        }
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      }
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
      for (;;) {
        signal.throwIfAborted();
        const [execution] = await getDb()
          .select({ state: workflowTasks.state })
          .from(workflowTasks)
          .where(and(eq(workflowTasks.workflowId, workflowId), eq(workflowTasks.name, "execute_tests")));
        const ended = !execution || ["succeeded", "failed", "cancelled", "skipped"].includes(execution.state);
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
          cursor = row.id;
          if (row.edge !== "rising") continue;
          detections++;
          if (!contexts.has(row.sessionId)) contexts.set(row.sessionId, await loadSessionContext(row.sessionId));
          const context = contexts.get(row.sessionId);
          const onset = context?.matcher.match(row.videoTimeUs);
          if (!context || onset == null) continue;
          const latencyMs = (row.videoTimeUs - onset) / 1000;
          worstLatencyMs = Math.max(worstLatencyMs ?? latencyMs, latencyMs);
          if (latencyMs > context.criticalMs) alerts.critical++;
          else if (latencyMs > context.warningMs) alerts.warning++;
        }
        if (ended && rows.length === 0) {
          return { output: { alerts, worstLatencyMs, detections } };
        }
        const sessions = await getDb()
          .select({ status: testSessions.status })
          .from(testSessions)
          .where(eq(testSessions.workflowId, workflowId));
        if (sessions.length) {
          await progress(
            Math.floor(
              (100 * sessions.filter((s) => s.status !== "pending" && s.status !== "running").length) / sessions.length,
            ),
          );
        }
        if (rows.length < 5000) await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
  };
}
