/**
 * A run's test sessions as its live panel shows them: rig, video, status, playback position,
 * the video's ground truth, and the detections stored so far with their live latency (the same
 * live matching as the pushes that follow), so a page that (re)connects starts from the current
 * state and applies the pushes on top.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { detectionEvents, groundTruthEvents, rigs, testSessions, videos, workflows } from "@/db/schema";
import { LiveMatcher } from "@/lib/analysis/live-match";
import { runSettings } from "@/lib/analysis/run-settings";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { loadRunConfig } from "../results/run-config";

export async function listRunSessions(workflowId: string) {
  const db = getDb();
  const [run] = await db.select().from(workflows).where(eq(workflows.id, workflowId));
  if (!run) throw DomainError.field("NOT_FOUND", "id", `No workflow with id ${workflowId}`);
  const config = await loadRunConfig(run.id, run.projectId, run.parameters);
  const thresholds = config.latencyThresholds;
  const settings = runSettings(config);
  const rows = await db
    .select({ session: testSessions, video: videos, rigName: rigs.name })
    .from(testSessions)
    .innerJoin(videos, eq(videos.id, testSessions.videoId))
    .leftJoin(rigs, eq(rigs.id, testSessions.rigId))
    .where(eq(testSessions.workflowId, workflowId))
    .orderBy(asc(testSessions.createdAt));
  const videoIds = [...new Set(rows.map((r) => r.video.id))];
  const truth = videoIds.length
    ? await db
        .select()
        .from(groundTruthEvents)
        .where(inArray(groundTruthEvents.videoId, videoIds))
        .orderBy(asc(groundTruthEvents.onsetUs))
    : [];
  const sessions = [];
  for (const { session, video, rigName } of rows) {
    const own = truth.filter((g) => g.videoId === video.id);
    const events = await db
      .select({
        seq: detectionEvents.seq,
        edge: detectionEvents.edge,
        videoTimeUs: detectionEvents.videoTimeUs,
        class: detectionEvents.class,
      })
      .from(detectionEvents)
      .where(eq(detectionEvents.sessionId, session.id))
      .orderBy(asc(detectionEvents.seq));
    const matcher = LiveMatcher.of(own, settings);
    sessions.push({
      id: session.id,
      status: session.status,
      rigId: session.rigId,
      rigName: rigName ?? null,
      attempt: session.attempt,
      positionMs: session.positionMs,
      error: session.error,
      video: { id: video.id, fileName: video.fileName, durationMs: video.durationMs },
      groundTruth: own.map((g) => ({ onsetUs: g.onsetUs, offsetUs: g.offsetUs, class: g.class })),
      detections: events.map((e) => {
        const onset = e.edge === "rising" ? matcher.match(e.videoTimeUs) : null;
        return {
          seq: e.seq,
          edge: e.edge,
          videoTimeUs: e.videoTimeUs,
          class: e.class,
          latencyMs: onset === null ? null : (e.videoTimeUs - onset) / 1000,
          groundTruthOnsetUs: onset,
        };
      }),
    });
  }
  return {
    sessions,
    thresholds: {
      warningMs: thresholds.warningThresholdMs,
      criticalMs: thresholds.criticalThresholdMs,
      matchWindowMs: thresholds.endToEndLatencyMs,
    },
  };
}
