/**
 * Analysis of a validation run: its evidence loaded in a fixed number of queries (the completed
 * sessions with their videos, the ground truth, and every detection edge of the run in one
 * query), then judged by the pure evaluateRun (lib/analysis/evaluate-run.ts). Computes the
 * records; the caller writes them (in the task's completion transaction, or in a re-analysis)
 * with `writeEvaluations`.
 */
import { and, asc, eq, inArray, max, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import {
  changeHistory,
  detectionEvents,
  evaluationInputs,
  evaluations,
  type GroundTruthSnapshot,
  groundTruthEvents,
  projects,
  testSessions,
  videos,
  workflows,
} from "@/db/schema";
import { detectionsOf, type StoredEdge } from "@/lib/analysis/detection-edges";
import {
  type EvaluationRecord,
  evaluateRun,
  type RunEvaluation,
  type StoredGroundTruth,
} from "@/lib/analysis/evaluate-run";
import type { EvaluationConfig } from "@/lib/analysis/evaluation-config";
import { runSettings } from "@/lib/analysis/run-settings";
import type { TestCaseInput } from "@/lib/analysis/test-case-matrix";
import type { TimingInput } from "@/lib/analysis/timing-basis";
import type { MissingVideo } from "@/lib/analysis/verdict";
import { defaultTimingRules } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { digestOf } from "../../evidence/digest";
import { timingInputOf } from "../calibrations/timing-input";
import { timingRulesOf } from "../projects/get-project";
import { testCaseInputOf } from "../test-cases/test-case-input";
import type { RunConfig } from "./run-config";

export type RunAnalysis = RunEvaluation & {
  sessions: number;
  /** Assigned videos without a completed session. */
  missingVideos: MissingVideo[];
  /** What the run's record was computed from besides the detections: kept with it. */
  inputs: { config: EvaluationConfig; groundTruth: Record<string, GroundTruthSnapshot> };
};

/** The configuration an evaluation is judged by, as one value (lib/analysis/evaluation-config.ts). */
function evaluationConfigOf(
  config: RunConfig,
  timing: TimingInput,
  testCases: TestCaseInput | undefined,
): EvaluationConfig {
  const { earlyToleranceMs, retriggersAsFp } = config.parameters;
  return {
    latencyThresholds: config.latencyThresholds,
    passFailCriteria: config.passFailCriteria,
    judging: config.judging,
    parameters: {
      ...(earlyToleranceMs === undefined ? {} : { earlyToleranceMs }),
      ...(retriggersAsFp === undefined ? {} : { retriggersAsFp }),
    },
    timing,
    ...(testCases ? { testCases } : {}),
  };
}

/**
 * Why an assigned video has no completed session: the error of its last session, or that it was
 * never played.
 */
async function missingVideosOf(workflowId: string, assigned: readonly string[], played: Set<string>) {
  const missing = assigned.filter((id) => !played.has(id));
  if (missing.length === 0) return [];
  const db = getDb();
  const [rows, sessions] = await Promise.all([
    db.select({ id: videos.id, fileName: videos.fileName }).from(videos).where(inArray(videos.id, missing)),
    db
      .select({ videoId: testSessions.videoId, status: testSessions.status, error: testSessions.error })
      .from(testSessions)
      .where(and(eq(testSessions.workflowId, workflowId), inArray(testSessions.videoId, missing)))
      .orderBy(asc(testSessions.createdAt)),
  ]);
  const names = new Map(rows.map((r) => [r.id, r.fileName]));
  return missing.map((videoId): MissingVideo => {
    const last = sessions.filter((s) => s.videoId === videoId).at(-1);
    const reason = !last
      ? "not played"
      : last.error
        ? `${last.status}: ${last.error}`.replace(/^(\w+): \1: /, "$1: ")
        : `its session is ${last.status}`;
    return { videoId, fileName: names.get(videoId) ?? videoId, reason };
  });
}

/** Every detection edge of the given sessions, in one query, grouped by session in sequence order. */
export async function edgesOfSessions(sessionIds: readonly string[]): Promise<Map<string, StoredEdge[]>> {
  const bySession = new Map<string, StoredEdge[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return bySession;
  const rows = await getDb()
    .select({
      sessionId: detectionEvents.sessionId,
      id: detectionEvents.id,
      line: detectionEvents.line,
      edge: detectionEvents.edge,
      videoTimeUs: detectionEvents.videoTimeUs,
      class: detectionEvents.class,
      confidence: detectionEvents.confidence,
    })
    .from(detectionEvents)
    .where(inArray(detectionEvents.sessionId, [...sessionIds]))
    .orderBy(asc(detectionEvents.sessionId), asc(detectionEvents.seq));
  for (const { sessionId, ...edge } of rows) bySession.get(sessionId)?.push(edge);
  return bySession;
}

/** Ground truth of the given videos, in one query, by video in onset order. */
export async function truthOfVideos(videoIds: readonly string[]): Promise<Map<string, StoredGroundTruth[]>> {
  const byVideo = new Map<string, StoredGroundTruth[]>();
  if (videoIds.length === 0) return byVideo;
  const rows = await getDb()
    .select({
      id: groundTruthEvents.id,
      videoId: groundTruthEvents.videoId,
      onsetUs: groundTruthEvents.onsetUs,
      offsetUs: groundTruthEvents.offsetUs,
      class: groundTruthEvents.class,
      notBeforeUs: groundTruthEvents.notBeforeUs,
      deadlineUs: groundTruthEvents.deadlineUs,
    })
    .from(groundTruthEvents)
    .where(inArray(groundTruthEvents.videoId, [...videoIds]))
    .orderBy(asc(groundTruthEvents.onsetUs), asc(groundTruthEvents.id));
  for (const { videoId, notBeforeUs, deadlineUs, ...rest } of rows) {
    // An event's own window only where it has one: the snapshot of older ground truth is unchanged.
    const event: StoredGroundTruth = {
      ...rest,
      ...(notBeforeUs === null ? {} : { notBeforeUs }),
      ...(deadlineUs === null ? {} : { deadlineUs }),
    };
    const list = byVideo.get(videoId);
    if (list) list.push(event);
    else byVideo.set(videoId, [event]);
  }
  return byVideo;
}

export async function analyzeRun(
  workflowId: string,
  config: RunConfig,
  progress: (percent: number) => Promise<void> = async () => {},
  signal?: AbortSignal,
  /** The videos the run assigned (its frozen list); each needs a completed session for a verdict. */
  assignedVideoIds: readonly string[] = [],
): Promise<RunAnalysis> {
  const sessions = await getDb()
    .select({ id: testSessions.id, video: { id: videos.id, fileName: videos.fileName, durationMs: videos.durationMs } })
    .from(testSessions)
    .innerJoin(videos, eq(videos.id, testSessions.videoId))
    .where(and(eq(testSessions.workflowId, workflowId), eq(testSessions.status, "completed")))
    .orderBy(asc(videos.fileName), asc(testSessions.createdAt));
  const videoIds = [...new Set(sessions.map((s) => s.video.id))];
  const [truth, edges, missingVideos, [run]] = await Promise.all([
    truthOfVideos(videoIds),
    edgesOfSessions(sessions.map((s) => s.id)),
    missingVideosOf(workflowId, assignedVideoIds, new Set(videoIds)),
    getDb()
      .select({ dryRun: workflows.dryRun, project: projects })
      .from(workflows)
      .innerJoin(projects, eq(projects.id, workflows.projectId))
      .where(eq(workflows.id, workflowId)),
  ]);
  // The project's timing rules as they are now (DESIGN §12), kept with the evaluation's inputs.
  const timing = await timingInputOf(
    sessions.map((s) => s.id),
    run ? timingRulesOf(run.project) : defaultTimingRules,
  );
  const testCases = run
    ? await testCaseInputOf(run.project.requiredTestCases, [...new Set([...assignedVideoIds, ...videoIds])])
    : undefined;
  signal?.throwIfAborted();
  await progress(50);
  const evaluation = evaluateRun(
    {
      workflowId,
      sessions: sessions.map((s) => ({ ...s, detections: detectionsOf(edges.get(s.id) ?? []) })),
      truth,
      assignedVideos: assignedVideoIds.length,
      missingVideos,
      dryRun: run?.dryRun ?? false,
    },
    {
      settings: runSettings(config),
      passFailCriteria: config.passFailCriteria,
      judging: config.judging,
      timing,
      testCases,
    },
  );
  await progress(100);
  const groundTruth = Object.fromEntries(
    [...truth].map(([videoId, events]) => [
      videoId,
      events.map((g) => ({
        id: g.id,
        class: g.class,
        onsetUs: g.onsetUs,
        offsetUs: g.offsetUs,
        ...(g.notBeforeUs == null ? {} : { notBeforeUs: g.notBeforeUs }),
        ...(g.deadlineUs == null ? {} : { deadlineUs: g.deadlineUs }),
      })),
    ]),
  );
  return {
    ...evaluation,
    sessions: sessions.length,
    missingVideos,
    inputs: { config: evaluationConfigOf(config, timing, testCases), groundTruth },
  };
}

/**
 * Evaluations are immutable: a new analysis writes new rows, and the newest one is shown. The
 * run keeps a copy of its current verdict and p95 latency for lists and the dashboard; the copy
 * raises the run's version, so a page holding an older version knows it changed.
 */
export async function writeEvaluations(
  tx: Transaction,
  analysis: Pick<RunAnalysis, "records" | "run" | "inputs">,
): Promise<void> {
  const rows: readonly EvaluationRecord[] = analysis.records;
  for (let at = 0; at < rows.length; at += 500) await tx.insert(evaluations).values(rows.slice(at, at + 500));
  const { config, groundTruth } = analysis.inputs;
  // The history's newest row: the version of the configuration and ground truth this evaluation saw.
  const [newest] = await tx.select({ id: max(changeHistory.id) }).from(changeHistory);
  await tx.insert(evaluationInputs).values({
    evaluationId: analysis.run.id,
    historyId: newest?.id ?? null,
    config,
    configDigest: digestOf(config),
    groundTruth,
    groundTruthDigest: digestOf(groundTruth),
  });
  for (const row of rows) {
    if (row.scope !== "workflow") continue;
    await tx
      .update(workflows)
      .set({
        verdict: row.verdict,
        p95LatencyMs: row.latency.p95,
        recallLowerBound: row.intervals?.recall?.[0] ?? null,
        decisionRule: row.settings.judging?.decisionRule ?? null,
        version: sql`${workflows.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(workflows.id, row.workflowId));
  }
}

export function missingRun(workflowId: string): DomainError {
  return DomainError.field("NOT_FOUND", "workflowId", `No workflow with id ${workflowId}: it may have been deleted.`);
}
