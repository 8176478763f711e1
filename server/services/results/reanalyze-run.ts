/**
 * Analyses a run again, for sessions imported after its analysis: new evaluation rows (the
 * earlier ones stay, immutable), computed with the thresholds and criteria the run froze.
 */
import { eq } from "drizzle-orm";
import { workflows } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { analyzeRun, missingRun, writeEvaluations } from "./analyze-run";
import { loadAssignedVideos, loadRunConfig } from "./run-config";

export async function reanalyzeRun(workflowId: string) {
  const [run] = await getDb().select().from(workflows).where(eq(workflows.id, workflowId));
  if (!run) throw missingRun(workflowId);
  if (run.state !== "completed" && run.state !== "failed") {
    throw new DomainError(
      "ILLEGAL_STATE",
      run.state === "cancelled"
        ? "This run was cancelled: start a new run to analyse its videos."
        : "This run has not finished: its own analysis will include every session imported before it analyses results.",
    );
  }
  const config = await loadRunConfig(run.id, run.projectId, run.parameters);
  const analysis = await analyzeRun(run.id, config, undefined, undefined, await loadAssignedVideos(run.id));
  await getDb().transaction((tx) => writeEvaluations(tx, analysis));
  return { evaluationId: analysis.run.id, sessions: analysis.sessions, verdict: analysis.run.verdict };
}
