/**
 * The analysis subsystem as the workflow calls it (DESIGN §3, §4, §5): analyze_results evaluates
 * every completed session of the run and writes the evaluations in the task's completion
 * transaction (so a retried attempt cannot write them twice); validate_results reads the run's
 * evaluation back and reports the verdict per criterion as the run's final word.
 */
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { evaluations } from "@/db/schema";
import type { CriterionResult } from "../analysis/verdict";
import { analyzeRun, writeEvaluations } from "../services/results/analyze-run";
import { assignedVideosOf, type RunConfig } from "../services/results/run-config";
import type { ResultAnalyzer } from "./subsystems";
import { PermanentTaskError } from "./task-error";

export const resultAnalysis: ResultAnalyzer = {
  async analyzeResults({ workflowId, outputs, parameters, progress, signal }) {
    const frozen = outputs.configure_tests as Partial<RunConfig> | null | undefined;
    if (!frozen?.latencyThresholds || !frozen.passFailCriteria) {
      throw new PermanentTaskError("configure_tests left no thresholds and criteria: the run cannot be judged.");
    }
    const analysis = await analyzeRun(
      workflowId,
      { latencyThresholds: frozen.latencyThresholds, passFailCriteria: frozen.passFailCriteria, parameters },
      progress,
      signal,
      assignedVideosOf(outputs),
    );
    return {
      output: {
        evaluationId: analysis.workflowEvaluationId,
        sessions: analysis.sessions,
        evaluations: analysis.rows.length,
        verdict: analysis.verdict,
        ...(analysis.missingVideos.length ? { missingVideos: analysis.missingVideos.map((v) => v.fileName) } : {}),
        ...(analysis.sessions === 0
          ? { note: "No completed test session: play the videos on a rig, or import recorded detections." }
          : {}),
      },
      commit: (tx) => writeEvaluations(tx, analysis.rows),
    };
  },

  async validateResults({ outputs }) {
    const evaluationId = outputs.analyze_results?.evaluationId;
    if (typeof evaluationId !== "string") {
      throw new PermanentTaskError("analyze_results left no evaluation to validate.");
    }
    const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, evaluationId));
    if (!row) throw new PermanentTaskError(`The run's evaluation ${evaluationId} is missing.`);
    const criteria = row.criteria as CriterionResult[];
    const named = (status: string) => criteria.filter((c) => c.status === status).map((c) => c.label);
    return {
      output: {
        verdict: row.verdict,
        evaluationId,
        ...(row.verdict === "incomplete"
          ? { missingVideos: ((row.outcomes.missingVideos ?? []) as { fileName: string }[]).map((v) => v.fileName) }
          : {}),
        passed: named("pass"),
        failed: named("fail"),
        notApplicable: named("n/a"),
      },
    };
  },
};
