/**
 * The results of a run as its results page shows them: the newest run evaluation (verdict,
 * criteria, figures overall, per class and per video), the sessions with their own figures, a
 * timeline per session (ground truth and detections, each marked TP / FN / FP / re-trigger as
 * the evaluation decided), the latencies for the histogram, and the videos detections may be
 * imported for.
 */
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  detectionEvents,
  evaluations,
  groundTruthEvents,
  projects,
  projectVideos,
  testSessions,
  videos,
  workflows,
} from "@/db/schema";
import { videoViewOf } from "@/db/validation/project";
import type { CriterionResult, MissingVideo } from "../../analysis/verdict";
import { missingRun } from "./analyze-run";
import { detectionsOf } from "./detection-edges";
import { loadAssignedVideos } from "./run-config";

type Match = { groundTruthId: string; detectionId: number; latencyMs: number };
export type DetectionOutcome = "tp" | "fp" | "retrigger";

const ms = (us: number) => us / 1000;

/** At most this many videos are offered for a detection import (a run plays at most 500). */
const CANDIDATES_MAX = 500;

export async function getResults(workflowId: string) {
  const db = getDb();
  const [run] = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      firmwareVersion: workflows.firmwareVersion,
      dryRun: workflows.dryRun,
      state: workflows.state,
      projectId: workflows.projectId,
      projectName: projects.name,
      cameraView: projects.cameraView,
      finishedAt: workflows.finishedAt,
    })
    .from(workflows)
    .innerJoin(projects, eq(projects.id, workflows.projectId))
    .where(eq(workflows.id, workflowId));
  if (!run) throw missingRun(workflowId);

  const [latest] = await db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.workflowId, workflowId), eq(evaluations.scope, "workflow")))
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  const sessionEvaluationIds = (latest?.outcomes.sessionEvaluationIds as string[] | undefined) ?? [];
  const sessionEvaluations = sessionEvaluationIds.length
    ? await db.select().from(evaluations).where(inArray(evaluations.id, sessionEvaluationIds))
    : [];
  const evaluationOf = new Map(sessionEvaluations.map((e) => [e.sessionId, e]));

  const sessionRows = await db
    .select({ session: testSessions, video: videos })
    .from(testSessions)
    .innerJoin(videos, eq(videos.id, testSessions.videoId))
    .where(eq(testSessions.workflowId, workflowId))
    .orderBy(asc(videos.fileName), asc(testSessions.createdAt));

  const latencies: number[] = [];
  const timelines = [];
  const sessions = [];
  for (const { session, video } of sessionRows) {
    const evaluation = evaluationOf.get(session.id);
    const events = await db
      .select()
      .from(detectionEvents)
      .where(eq(detectionEvents.sessionId, session.id))
      .orderBy(asc(detectionEvents.seq));
    const rising = events.filter((e) => e.edge === "rising");
    sessions.push({
      id: session.id,
      videoId: video.id,
      fileName: video.fileName,
      status: session.status,
      source: (session.metadata.source as string | undefined) ?? "rig",
      importedFile: (session.metadata.fileName as string | undefined) ?? null,
      detections: rising.length,
      createdAt: session.createdAt,
      evaluated: Boolean(evaluation),
      verdict: evaluation?.verdict ?? null,
      counts: evaluation?.counts ?? null,
      metrics: evaluation?.metrics ?? null,
      latency: evaluation?.latency ?? null,
    });
    if (!evaluation) continue;

    const matches = (evaluation.outcomes.matches as Match[] | undefined) ?? [];
    const retriggers = new Set((evaluation.outcomes.retriggers as number[] | undefined) ?? []);
    const byTruth = new Map(matches.map((m) => [m.groundTruthId, m]));
    const byDetection = new Map(matches.map((m) => [m.detectionId, m]));
    for (const m of matches) latencies.push(m.latencyMs);
    const truth = await db
      .select()
      .from(groundTruthEvents)
      .where(eq(groundTruthEvents.videoId, video.id))
      .orderBy(asc(groundTruthEvents.onsetUs));
    timelines.push({
      sessionId: session.id,
      videoId: video.id,
      fileName: video.fileName,
      durationMs: video.durationMs,
      groundTruth: truth.map((g) => {
        const match = byTruth.get(g.id);
        return {
          id: g.id,
          class: g.class,
          onsetMs: ms(g.onsetUs),
          offsetMs: ms(g.offsetUs),
          outcome: match ? ("tp" as const) : ("fn" as const),
          latencyMs: match?.latencyMs ?? null,
        };
      }),
      detections: detectionsOf(events).map((d) => {
        const outcome: DetectionOutcome = byDetection.has(d.id) ? "tp" : retriggers.has(d.id) ? "retrigger" : "fp";
        return {
          id: d.id,
          class: d.class ?? null,
          onsetMs: ms(d.onsetUs),
          offsetMs: d.offsetUs == null ? null : ms(d.offsetUs),
          outcome,
          latencyMs: byDetection.get(d.id)?.latencyMs ?? null,
        };
      }),
    });
  }

  // Videos detections may be imported for: those the run plays (frozen at its assignment), else
  // the project's assigned ones, else any video of the project's camera view (or untagged).
  const frozen = await loadAssignedVideos(run.id);
  const [assigned] = frozen.length
    ? [undefined]
    : await db.select({ n: count() }).from(projectVideos).where(eq(projectVideos.projectId, run.projectId));
  const scope = frozen.length
    ? inArray(videos.id, frozen)
    : (assigned?.n ?? 0) > 0
      ? inArray(
          videos.id,
          db
            .select({ id: projectVideos.videoId })
            .from(projectVideos)
            .where(eq(projectVideos.projectId, run.projectId)),
        )
      : sql`coalesce(${videos.tags}->>'cameraView', ${videoViewOf(run.cameraView)}) = ${videoViewOf(run.cameraView)}`;
  const candidates = await db
    .select({
      id: videos.id,
      fileName: videos.fileName,
      durationMs: videos.durationMs,
      events: count(groundTruthEvents.id),
    })
    .from(videos)
    .leftJoin(groundTruthEvents, eq(groundTruthEvents.videoId, videos.id))
    .where(scope)
    .groupBy(videos.id)
    .orderBy(asc(videos.fileName))
    .limit(CANDIDATES_MAX);

  const settings = latest?.settings as { latencyThresholdsMs?: number[]; matchWindowMs?: number } | undefined;
  return {
    workflow: run,
    evaluation: latest
      ? {
          id: latest.id,
          createdAt: latest.createdAt,
          verdict: latest.verdict ?? "n/a",
          criteria: latest.criteria as CriterionResult[],
          counts: latest.counts,
          metrics: latest.metrics,
          latency: latest.latency,
          perClass: latest.perClass,
          settings: latest.settings,
          byVideo: Object.entries(latest.outcomes.byVideo ?? {}).map(([videoId, v]) => ({
            videoId,
            ...(v as Record<string, unknown>),
          })),
          /** Assigned videos without a completed session (the verdict is then incomplete). */
          missingVideos: (latest.outcomes.missingVideos ?? []) as MissingVideo[],
          assignedVideos: Number(latest.outcomes.assignedVideos ?? 0),
        }
      : null,
    sessions,
    timelines,
    latencies,
    thresholds: {
      warningMs: settings?.latencyThresholdsMs?.[0] ?? null,
      criticalMs: settings?.latencyThresholdsMs?.[1] ?? null,
      matchWindowMs: settings?.matchWindowMs ?? null,
    },
    /** Sessions the newest evaluation does not cover (imported after it): re-analyse to include them. */
    unanalysedSessions: sessions.filter((s) => !s.evaluated && s.status === "completed").length,
    videos: candidates,
  };
}
