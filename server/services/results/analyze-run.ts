/**
 * Analysis of a validation run: every completed test session of the run evaluated against its
 * video's ground truth (DESIGN §4), then the figures per video and for the whole run, each with
 * its verdict against the run's frozen criteria (§5). Computes the rows; the caller writes them
 * (in the task's completion transaction, or in a re-analysis) with `writeEvaluations`.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb, type Transaction } from "@/db/client";
import { detectionEvents, evaluations, groundTruthEvents, testSessions, videos, workflows } from "@/db/schema";
import { type Combined, combineEvaluations, type Part } from "../../analysis/combine";
import { type ClassResult, evaluateDetections, type GroundTruthEvent } from "../../analysis/evaluate";
import { type Judgement, judge, notJudged } from "../../analysis/verdict";
import { DomainError } from "../../errors";
import { detectionsOf, type StoredDetection } from "./detection-edges";
import { type RunConfig, runSettings } from "./run-config";

type NewEvaluation = typeof evaluations.$inferInsert;

export type RunAnalysis = {
  rows: NewEvaluation[];
  workflowEvaluationId: string;
  sessions: number;
  verdict: Judgement["verdict"];
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

export async function analyzeRun(
  workflowId: string,
  config: RunConfig,
  progress: (percent: number) => Promise<void> = async () => {},
  signal?: AbortSignal,
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
  const judgement =
    parts.length === 0 ? notJudged(config.passFailCriteria, "no completed test session") : judged(overall, parts);
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
    outcomes: { byVideo, sessionEvaluationIds: rows.map((r) => r.id), sessions: sessions.length },
  });
  await progress(100);
  return { rows, workflowEvaluationId, sessions: sessions.length, verdict: judgement.verdict };
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
