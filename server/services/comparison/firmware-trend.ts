/**
 * A project's trend per firmware version (DESIGN §10): for each version, its newest completed,
 * analysed run, with recall, recall's interval and p95 latency from that run's newest analysis;
 * versions in the order those runs finished. A version known only from dry runs is shown from its
 * newest dry run, marked as such (its figures rest on imported recordings at most).
 */
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { evaluations, workflows } from "@/db/schema";
import { firmwareTrendSchema } from "@/lib/validation/comparison";
import { getDb } from "@/server/runtime/slot";
import { parseInput } from "../parse-input";

/** Versions shown (the newest). */
const VERSIONS_MAX = 30;
/** Runs read to find them: a project re-running one version many times still shows its others. */
const RUNS_MAX = 1000;

export async function firmwareTrend(raw: unknown) {
  const { projectId } = parseInput(firmwareTrendSchema, raw);
  const db = getDb();
  const runs = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      firmwareVersion: workflows.firmwareVersion,
      finishedAt: workflows.finishedAt,
      verdict: workflows.verdict,
      dryRun: workflows.dryRun,
    })
    .from(workflows)
    .where(and(eq(workflows.projectId, projectId), eq(workflows.state, "completed"), isNotNull(workflows.verdict)))
    .orderBy(desc(workflows.finishedAt))
    .limit(RUNS_MAX);
  // Newest first: a version's newest run on a rig, else its newest dry run.
  const newest = new Map<string, (typeof runs)[number]>();
  for (const run of runs) {
    const key = run.firmwareVersion ?? "";
    const held = newest.get(key);
    if (held ? held.dryRun && !run.dryRun : newest.size < VERSIONS_MAX) newest.set(key, run);
  }
  const chosen = [...newest.values()].sort((x, y) => (x.finishedAt?.getTime() ?? 0) - (y.finishedAt?.getTime() ?? 0));
  if (chosen.length === 0) return [];
  const rows = await db
    .selectDistinctOn([evaluations.workflowId], {
      workflowId: evaluations.workflowId,
      metrics: evaluations.metrics,
      intervals: evaluations.intervals,
      latency: evaluations.latency,
      counts: evaluations.counts,
    })
    .from(evaluations)
    .where(
      and(
        inArray(
          evaluations.workflowId,
          chosen.map((r) => r.id),
        ),
        eq(evaluations.scope, "workflow"),
      ),
    )
    .orderBy(evaluations.workflowId, desc(evaluations.createdAt));
  const byRun = new Map(rows.map((r) => [r.workflowId, r]));
  return chosen.map((run) => {
    const e = byRun.get(run.id);
    return {
      workflowId: run.id,
      name: run.name,
      firmwareVersion: run.firmwareVersion,
      finishedAt: run.finishedAt,
      verdict: run.verdict,
      dryRun: run.dryRun,
      events: e?.counts.reference ?? null,
      recall: e?.metrics.recall ?? null,
      recallInterval: e?.intervals?.recall ?? null,
      level: e?.intervals?.level ?? null,
      p95LatencyMs: e?.latency.p95 ?? null,
    };
  });
}
