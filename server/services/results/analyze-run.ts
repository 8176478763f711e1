/**
 * Analysis of a validation run: every completed test session of the run evaluated against its
 * video's ground truth (DESIGN §4), then the figures per video and for the whole run, each with
 * its verdict against the run's frozen criteria (§5). The run's verdict covers only what was
 * played: with any assigned video lacking a completed session it is `incomplete`, naming them
 * (§9). Computes the rows; the caller writes them (in the task's completion transaction, or in a
 * re-analysis) with `writeEvaluations`.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Transaction } from "@/db/client";
import { detectionEvents, evaluations, groundTruthEvents, testSessions, videos, workflows } from "@/db/schema";
import { type Combined, combineEvaluations, type Part } from "../../analysis/combine";
import { type ClassResult, evaluateDetections, type GroundTruthEvent } from "../../analysis/evaluate";
import { runSettings } from "../../analysis/run-settings";
import { type Judgement, judge, type MissingVideo, notJudged, withCompleteness } from "../../analysis/verdict";
import { DomainError } from "../../errors";
import { detectionsOf, type StoredDetection } from "./detection-edges";
import type { RunConfig } from "./run-config";

type NewEvaluation = typeof evaluations.$inferInsert;

export type RunAnalysis = {
  rows: NewEvaluation[];
  workflowEvaluationId: string;
  sessions: number;
  verdict: Judgement["verdict"];
  /** Assigned videos without a completed session. */
  missingVideos: MissingVideo[];
};

function meanConfidence(detections: readonly StoredDetection[], matched: readonly number[]): number | null {
  let sum = 0;
  let count = 0;
  for (const j of matched) {
    const confidence = detections[j]?.confidence;
    if (confidence == null) continue;
    sum += confidence;
    count++;
  }
  return count === 0 ? null : sum / count;
}

function figures(result: ClassResult | Combined) {
  return {
    counts: result.counts as unknown as Record<string, number>,
    metrics: result.ratios as unknown as Record<string, number | null>,
    latency: result.latencyMs as unknown as Record<string, number | null>,
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

export async function analyzeRun(
  workflowId: string,
  config: RunConfig,
  progress: (percent: number) => Promise<void> = async () => {},
  signal?: AbortSignal,
  /** The videos the run assigned (its frozen list); each needs a completed session for a verdict. */
  assignedVideoIds: readonly string[] = [],
): Promise<RunAnalysis> {
  const db = getDb();
  const settings = runSettings(config);
  const sessions = await db
    .select({ session: testSessions, video: videos })
    .from(testSessions)
    .innerJoin(videos, eq(videos.id, testSessions.videoId))
    .where(and(eq(testSessions.workflowId, workflowId), eq(testSessions.status, "completed")))
    .orderBy(asc(videos.fileName), asc(testSessions.createdAt));
  const videoIds = [...new Set(sessions.map((s) => s.video.id))];
  const truth = videoIds.length
    ? await db
        .select()
        .from(groundTruthEvents)
        .where(inArray(groundTruthEvents.videoId, videoIds))
        .orderBy(asc(groundTruthEvents.onsetUs), asc(groundTruthEvents.id))
    : [];
  const truthByVideo = new Map<string, (typeof truth)[number][]>();
  for (const event of truth) {
    const list = truthByVideo.get(event.videoId);
    if (list) list.push(event);
    else truthByVideo.set(event.videoId, [event]);
  }

  const rows: NewEvaluation[] = [];
  const parts: (Part & { videoId: string; confidence: number | null; matched: number })[] = [];
  for (const [index, { session, video }] of sessions.entries()) {
    signal?.throwIfAborted();
    const events = await db
      .select()
      .from(detectionEvents)
      .where(eq(detectionEvents.sessionId, session.id))
      .orderBy(asc(detectionEvents.seq));
    const detections = detectionsOf(events);
    const truthRows = truthByVideo.get(video.id) ?? [];
    const reference: GroundTruthEvent[] = truthRows.map((g) => ({
      onsetUs: g.onsetUs,
      offsetUs: g.offsetUs,
      class: g.class,
    }));
    const durationUs = video.durationMs === null ? null : video.durationMs * 1000;
    const evaluation = evaluateDetections(reference, detections, { ...settings, durationUs });
    const confidence = meanConfidence(
      detections,
      evaluation.matches.map((m) => m.detection),
    );
    const judgement = judge({ ...evaluation, meanConfidence: confidence }, config.passFailCriteria);
    rows.push({
      id: randomUUID(),
      workflowId,
      sessionId: session.id,
      scope: "session",
      settings: { ...settings, durationUs },
      ...figures(evaluation),
      perClass: evaluation.byClass,
      criteria: judgement.criteria,
      verdict: judgement.verdict,
      outcomes: {
        videoId: video.id,
        matches: evaluation.matches.map((m) => ({
          groundTruthId: truthRows[m.reference]?.id,
          detectionId: detections[m.detection]?.id,
          latencyMs: m.latencyMs,
        })),
        retriggers: evaluation.retriggers.map((j) => detections[j]?.id),
        meanConfidence: confidence,
      },
    });
    parts.push({
      reference,
      evaluation,
      durationUs,
      videoId: video.id,
      confidence,
      matched: evaluation.matches.length,
    });
    await progress((90 * (index + 1)) / sessions.length);
  }

  const judged = (combined: Combined, of: typeof parts) => {
    // Mean confidence over all matched detections: weight each part by its matches.
    let sum = 0;
    let count = 0;
    for (const p of of) {
      if (p.confidence === null) continue;
      sum += p.confidence * p.matched;
      count += p.matched;
    }
    return judge({ ...combined, meanConfidence: count ? sum / count : null }, config.passFailCriteria);
  };
  const byVideo: Record<string, unknown> = {};
  for (const { video } of sessions) {
    if (byVideo[video.id]) continue;
    const own = parts.filter((p) => p.videoId === video.id);
    const combined = combineEvaluations(own, settings);
    byVideo[video.id] = {
      fileName: video.fileName,
      sessions: own.length,
      ...figures(combined),
      perClass: combined.byClass,
      verdict: judged(combined, own).verdict,
    };
  }
  const overall = combineEvaluations(parts, settings);
  const missingVideos = await missingVideosOf(workflowId, assignedVideoIds, new Set(videoIds));
  const judgement = withCompleteness(
    parts.length === 0 ? notJudged(config.passFailCriteria, "no completed test session") : judged(overall, parts),
    missingVideos,
  );
  const workflowEvaluationId = randomUUID();
  rows.push({
    id: workflowEvaluationId,
    workflowId,
    scope: "workflow",
    settings: { ...settings },
    ...figures(overall),
    perClass: overall.byClass,
    criteria: judgement.criteria,
    verdict: judgement.verdict,
    outcomes: {
      byVideo,
      sessionEvaluationIds: rows.map((r) => r.id),
      sessions: sessions.length,
      assignedVideos: assignedVideoIds.length,
      missingVideos,
    },
  });
  await progress(100);
  return { rows, workflowEvaluationId, sessions: sessions.length, verdict: judgement.verdict, missingVideos };
}

/**
 * Evaluations are immutable: a new analysis writes new rows, and the newest one is shown. The
 * run keeps a copy of its current verdict and p95 latency for lists and the dashboard.
 */
export async function writeEvaluations(tx: Transaction, rows: NewEvaluation[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) await tx.insert(evaluations).values(rows.slice(at, at + 500));
  for (const row of rows) {
    if (row.scope !== "workflow" || !row.workflowId) continue;
    const p95 = row.latency?.p95;
    await tx
      .update(workflows)
      .set({ verdict: row.verdict ?? null, p95LatencyMs: typeof p95 === "number" ? p95 : null })
      .where(eq(workflows.id, row.workflowId));
  }
}

export function missingRun(workflowId: string): DomainError {
  return DomainError.field("NOT_FOUND", "workflowId", `No workflow with id ${workflowId}: it may have been deleted.`);
}
