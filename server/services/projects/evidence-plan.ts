/**
 * What the project's assigned videos hold against what its recall criterion needs (DESIGN §9):
 * the ground-truth events per class, and how many events a run must hold to show recall ≥ the
 * criterion's limit at the project's confidence level, with 0, 1 or 2 misses.
 */
import { count, eq } from "drizzle-orm";
import { groundTruthEvents, projectVideos } from "@/db/schema";
import { evidencePlan as planOf } from "@/lib/stats/sample-size";
import { getDb } from "@/server/runtime/slot";
import { getProject } from "./get-project";

/** Misses a plan is shown for. */
const MISSES_SHOWN = 2;

export async function evidencePlan(projectId: string) {
  const project = await getProject(projectId);
  const db = getDb();
  const [byClass, [videos]] = await Promise.all([
    db
      .select({ class: groundTruthEvents.class, events: count() })
      .from(groundTruthEvents)
      .innerJoin(projectVideos, eq(projectVideos.videoId, groundTruthEvents.videoId))
      .where(eq(projectVideos.projectId, projectId))
      .groupBy(groundTruthEvents.class)
      .orderBy(groundTruthEvents.class),
    db.select({ n: count() }).from(projectVideos).where(eq(projectVideos.projectId, projectId)),
  ]);
  const recall = project.passFailCriteria.minRecall;
  const confidence = project.judging.confidenceLevel;
  const plans = recall.value > 0 && recall.value < 1 ? planOf(recall.value, confidence, MISSES_SHOWN) : [];
  const needed = plans[0]?.events ?? null;
  return {
    videos: videos?.n ?? 0,
    minRecall: recall.enabled ? recall.value : null,
    confidence,
    decisionRule: project.judging.decisionRule,
    plans,
    /** Per class: its events, and whether they could show the recall with no miss. */
    classes: byClass.map((c) => ({ class: c.class, events: c.events, enough: needed !== null && c.events >= needed })),
    totalEvents: byClass.reduce((sum, c) => sum + c.events, 0),
  };
}
