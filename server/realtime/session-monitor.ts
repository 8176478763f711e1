/**
 * Live view of running sessions: as a rig's events are stored, their live latency (LiveMatcher)
 * is pushed to the browsers watching the run, and a latency above the run's warning or critical
 * threshold raises an alert (DESIGN §5). Each session's ground truth and thresholds are loaded
 * once per process and dropped when the session ends.
 */
import { asc, eq } from "drizzle-orm";
import type { RigDetectionEvent } from "@/agent/protocol";
import { getDb } from "@/db/client";
import { groundTruthEvents, testSessions, workflows } from "@/db/schema";
import { LiveMatcher } from "../analysis/live-match";
import { runSettings } from "../analysis/run-settings";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import { loadRunConfig } from "../services/results/run-config";
import type { AlertPush, DetectionsPush } from "./live-events";
import { liveRooms } from "./live-events";
import { emitLive } from "./publish";

type Context = {
  workflowId: string;
  videoId: string;
  matcher: LiveMatcher;
  warningMs: number;
  criticalMs: number;
};

/** Contexts kept at most (the oldest go first): sessions ended by another process are never forgotten here otherwise. */
const MAX_CONTEXTS = 500;
const contexts = new Map<string, Promise<Context | null>>();

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

function contextOf(sessionId: string): Promise<Context | null> {
  let context = contexts.get(sessionId);
  if (!context) {
    // A failed load (the database restarting, say) is not kept: the next events try again.
    context = loadSessionContext(sessionId).catch((error: unknown) => {
      contexts.delete(sessionId);
      throw error;
    });
    contexts.set(sessionId, context);
    if (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
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
      if (latencyMs !== null && latencyMs > context.warningMs) {
        const critical = latencyMs > context.criticalMs;
        const thresholdMs = critical ? context.criticalMs : context.warningMs;
        alerts.push({
          workflowId: context.workflowId,
          sessionId,
          level: critical ? "critical" : "warning",
          latencyMs,
          thresholdMs,
          videoTimeUs: e.videoTimeUs,
          message: `Detection at ${(e.videoTimeUs / 1e6).toFixed(3)} s came ${latencyMs.toFixed(0)} ms after the event (${critical ? "critical" : "warning"} threshold ${thresholdMs} ms).`,
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
