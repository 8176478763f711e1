/**
 * Live view of running sessions: as a rig's events are stored, their live latency (LiveMatcher)
 * is pushed to the browsers watching the run, and a latency above the run's warning or critical
 * threshold raises an alert (DESIGN §5). Each session's ground truth and thresholds are loaded
 * once per process and kept while its events keep coming: a session that has been quiet for
 * CONTEXT_IDLE_MS (it ended, here or in another process) is forgotten.
 */
import { asc, eq } from "drizzle-orm";
import { groundTruthEvents, testSessions, workflows } from "@/db/schema";
import { alertLevel } from "@/lib/analysis/latency-alert";
import { LiveMatcher } from "@/lib/analysis/live-match";
import { runSettings } from "@/lib/analysis/run-settings";
import type { AlertPush, DetectionsPush } from "@/lib/live-events";
import { liveRooms } from "@/lib/live-events";
import type { RigDetectionEvent } from "@/lib/rig-protocol";
import { getDb } from "@/server/runtime/slot";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import { loadRunConfig } from "../services/results/run-config";
import { emitLive } from "./publish";

type Context = {
  workflowId: string;
  videoId: string;
  matcher: LiveMatcher;
  warningMs: number;
  criticalMs: number;
};

/** Contexts kept at most (the least recently used go first), and how long an unused one is kept. */
const MAX_CONTEXTS = 500;
const CONTEXT_IDLE_MS = 60_000;
const contexts = new Map<string, { context: Promise<Context | null>; usedAt: number }>();

export async function loadSessionContext(sessionId: string): Promise<Context | null> {
  const [row] = await getDb()
    .select({ session: testSessions, workflow: workflows })
    .from(testSessions)
    .innerJoin(workflows, eq(workflows.id, testSessions.workflowId))
    .where(eq(testSessions.id, sessionId));
  if (!row) return null;
  const truth = await getDb()
    .select({ onsetUs: groundTruthEvents.onsetUs, class: groundTruthEvents.class })
    .from(groundTruthEvents)
    .where(eq(groundTruthEvents.videoId, row.session.videoId))
    .orderBy(asc(groundTruthEvents.onsetUs));
  const config = await loadRunConfig(row.workflow.id, row.workflow.projectId, row.workflow.parameters);
  return {
    workflowId: row.workflow.id,
    videoId: row.session.videoId,
    matcher: LiveMatcher.of(truth, runSettings(config)),
    warningMs: config.latencyThresholds.warningThresholdMs,
    criticalMs: config.latencyThresholds.criticalThresholdMs,
  };
}

function contextOf(sessionId: string, now = Date.now()): Promise<Context | null> {
  const kept = contexts.get(sessionId);
  // Re-inserted on every use, so the map's order is least recently used first.
  contexts.delete(sessionId);
  const context =
    kept?.context ??
    // A failed load (the database restarting, say) is not kept: the next events try again.
    loadSessionContext(sessionId).catch((error: unknown) => {
      contexts.delete(sessionId);
      throw error;
    });
  contexts.set(sessionId, { context, usedAt: now });
  for (const [id, entry] of contexts) {
    if (contexts.size <= MAX_CONTEXTS && now - entry.usedAt < CONTEXT_IDLE_MS) break;
    contexts.delete(id);
  }
  return context;
}

export function forgetSession(sessionId: string): void {
  contexts.delete(sessionId);
}

/** Pushes newly stored events of a session, with their live latency, and any alerts. */
export async function observeStored(sessionId: string, events: readonly RigDetectionEvent[]): Promise<void> {
  if (events.length === 0) return;
  try {
    const context = await contextOf(sessionId);
    if (!context) return;
    const alerts: AlertPush[] = [];
    const pushed: DetectionsPush["events"] = events.map((e) => {
      const onset = e.edge === "rising" ? context.matcher.match(e.videoTimeUs) : null;
      const latencyMs = onset === null ? null : (e.videoTimeUs - onset) / 1000;
      if (latencyMs !== null) metrics().detectionLatency.observe(latencyMs);
      const alert = latencyMs === null ? null : alertLevel(latencyMs, context);
      if (latencyMs !== null && alert) {
        alerts.push({
          workflowId: context.workflowId,
          sessionId,
          ...alert,
          latencyMs,
          videoTimeUs: e.videoTimeUs,
          message: `Detection at ${(e.videoTimeUs / 1e6).toFixed(3)} s came ${latencyMs.toFixed(0)} ms after the event (${alert.level} threshold ${alert.thresholdMs} ms).`,
        });
      }
      return {
        seq: e.seq,
        edge: e.edge,
        videoTimeUs: e.videoTimeUs,
        class: e.class ?? null,
        latencyMs,
        groundTruthOnsetUs: onset,
      };
    });
    const room = [liveRooms.workflow(context.workflowId)];
    emitLive(room, "session:detections", {
      workflowId: context.workflowId,
      sessionId,
      videoId: context.videoId,
      events: pushed,
      sentAt: Date.now(),
    });
    for (const alert of alerts) emitLive(room, "session:alert", alert);
  } catch (error) {
    logger.warn({ err: error, sessionId }, "could not push live detections");
  }
}
