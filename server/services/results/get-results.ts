/**
 * The results of a run as its results page shows them: the newest run evaluation (verdict,
 * criteria, figures overall, per class and per video), the sessions with their own figures, the
 * latencies for the histogram, and the videos detections may be imported for. A session's
 * timeline is served on its own (./get-timeline.ts): a run's events can be many.
 */
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
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
import { isRunOutcomes } from "@/lib/analysis/evaluate-run";
import { legacyJudging, videoViewOf } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { missingRun } from "./analyze-run";
import { loadAssignedVideos } from "./run-config";

/** At most this many videos are offered for a detection import (a run plays at most 500). */
const CANDIDATES_MAX = 500;

/** Matches with a margin listed per session in the results (the rest are counted). */
const WINDOWED_MATCHES_MAX = 2000;

export async function getResults(workflowId: string) {
  const db = getDb();
  const [run] = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      firmwareVersion: workflows.firmwareVersion,
      softwareId: workflows.softwareId,
      softwareNotes: workflows.softwareNotes,
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
  const outcomes = latest && isRunOutcomes(latest.outcomes) ? latest.outcomes : null;
  const sessionEvaluationIds = outcomes?.sessionEvaluationIds ?? [];
  const sessionEvaluations = sessionEvaluationIds.length
    ? await db.select().from(evaluations).where(inArray(evaluations.id, sessionEvaluationIds))
    : [];
  const evaluationOf = new Map(sessionEvaluations.map((e) => [e.sessionId, e]));

  const sessionRows = await db
    .select({
      session: testSessions,
      video: { id: videos.id, fileName: videos.fileName },
      // Detections are onsets: rising edges.
      detections: sql<number>`(select count(*)::int from ${detectionEvents}
        where ${detectionEvents.sessionId} = ${testSessions.id} and ${detectionEvents.edge} = 'rising')`,
    })
    .from(testSessions)
    .innerJoin(videos, eq(videos.id, testSessions.videoId))
    .where(eq(testSessions.workflowId, workflowId))
    .orderBy(asc(videos.fileName), asc(testSessions.createdAt));

  const latencies: number[] = [];
  const sessions = sessionRows.map(({ session, video, detections }) => {
    const evaluation = evaluationOf.get(session.id);
    const own = evaluation && !isRunOutcomes(evaluation.outcomes) ? evaluation.outcomes : null;
    if (own) for (const m of own.matches) latencies.push(m.latencyMs);
    // Matches of events with a deadline carry their margin (DESIGN §13); bounded per session.
    const windowed = own ? own.matches.filter((m) => m.marginMs !== undefined) : [];
    return {
      id: session.id,
      videoId: video.id,
      fileName: video.fileName,
      status: session.status,
      source: session.metadata.source ?? "rig",
      importedFile: session.metadata.fileName ?? null,
      detections,
      createdAt: session.createdAt,
      evaluated: Boolean(evaluation),
      verdict: evaluation?.verdict ?? null,
      counts: evaluation?.counts ?? null,
      metrics: evaluation?.metrics ?? null,
      latency: evaluation?.latency ?? null,
      intervals: evaluation?.intervals ?? null,
      windowedMatches: windowed.slice(0, WINDOWED_MATCHES_MAX),
      windowedMatchesTotal: windowed.length,
      earlyActivations: own?.early ?? [],
    };
  });

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

  const settings = latest?.settings;
  return {
    workflow: run,
    evaluation: latest
      ? {
          id: latest.id,
          createdAt: latest.createdAt,
          verdict: latest.verdict ?? "n/a",
          criteria: latest.criteria,
          counts: latest.counts,
          metrics: latest.metrics,
          latency: latest.latency,
          /** As measured, where `latency` is corrected for the rigs' display latency (`timing` says which). */
          rawLatency: latest.rawLatency ?? null,
          timing: latest.settings.timing ?? null,
          intervals: latest.intervals,
          bounds: latest.bounds,
          perClass: latest.perClass,
          settings: latest.settings,
          /** How the run was judged (a run analysed before this was kept: on its estimates, in aggregate). */
          judging: latest.settings.judging ?? legacyJudging,
          byVideo: Object.entries(outcomes?.byVideo ?? {}).map(([videoId, v]) => ({ videoId, ...v })),
          /** Assigned videos without a completed session (the verdict is then incomplete). */
          missingVideos: outcomes?.missingVideos ?? [],
          assignedVideos: outcomes?.assignedVideos ?? 0,
          /** The regulation test-case matrix (DESIGN §13); null where the run has no test case. */
          testCases: outcomes?.testCases ?? null,
        }
      : null,
    sessions,
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
