/**
 * One session's timeline as the results page draws it: its video's ground truth and the
 * session's detections, each marked TP / FN / FP / re-trigger as the run's newest evaluation
 * decided (served per session: a run may hold many sessions of thousands of events each).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { evaluations, testSessions, videos } from "@/db/schema";
import { detectionsOf } from "@/lib/analysis/detection-edges";
import { isRunOutcomes } from "@/lib/analysis/evaluate-run";
import { sessionTimeline } from "@/lib/analysis/session-timeline";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { edgesOfSessions, truthOfVideos } from "./analyze-run";

export async function getTimeline(workflowId: string, sessionId: string) {
  const db = getDb();
  const [row] = await db
    .select({
      session: testSessions,
      video: { id: videos.id, fileName: videos.fileName, durationMs: videos.durationMs },
    })
    .from(testSessions)
    .innerJoin(videos, eq(videos.id, testSessions.videoId))
    .where(and(eq(testSessions.id, sessionId), eq(testSessions.workflowId, workflowId)));
  if (!row) {
    throw DomainError.field(
      "NOT_FOUND",
      "sessionId",
      `No session ${sessionId} in run ${workflowId}: it may have been removed.`,
    );
  }
  // The session's evaluation in the run's newest analysis, if that covered it.
  const [latest] = await db
    .select({ outcomes: evaluations.outcomes })
    .from(evaluations)
    .where(and(eq(evaluations.workflowId, workflowId), eq(evaluations.scope, "workflow")))
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  const ids = latest && isRunOutcomes(latest.outcomes) ? latest.outcomes.sessionEvaluationIds : [];
  const [evaluation] = ids.length
    ? await db
        .select({ outcomes: evaluations.outcomes })
        .from(evaluations)
        .where(and(eq(evaluations.sessionId, sessionId), inArray(evaluations.id, ids)))
    : [];
  const outcomes = evaluation && !isRunOutcomes(evaluation.outcomes) ? evaluation.outcomes : null;
  const [truth, edges] = await Promise.all([truthOfVideos([row.video.id]), edgesOfSessions([sessionId])]);
  return {
    sessionId,
    videoId: row.video.id,
    fileName: row.video.fileName,
    durationMs: row.video.durationMs,
    evaluated: outcomes !== null,
    ...sessionTimeline(truth.get(row.video.id) ?? [], detectionsOf(edges.get(sessionId) ?? []), outcomes),
  };
}
