/**
 * The analysis subsystem as the workflow calls it (DESIGN §3, §4, §5): analyze_results evaluates
 * every completed session of the run and writes the evaluations in the task's completion
 * transaction (so a retried attempt cannot write them twice); validate_results reads the run's
 * evaluation back and reports the verdict per criterion as the run's final word.
 */
import { eq } from "drizzle-orm";
import { evaluations } from "@/db/schema";
import { isRunOutcomes } from "@/lib/analysis/evaluate-run";
import { legacyJudging } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { analyzeRun, writeEvaluations } from "../services/results/analyze-run";
import { PermanentTaskError } from "../workflow/task-error";
import { assignedVideosOf, outputOf } from "./outputs";
import type { ResultAnalyzer } from "./subsystems";

export const resultAnalysis: ResultAnalyzer = {
  async analyzeResults({ workflowId, outputs, parameters, progress, signal }) {
    const frozen = outputOf(outputs, "configure_tests");
    if (!frozen) {
      throw new PermanentTaskError("configure_tests left no thresholds and criteria: the run cannot be judged.");
    }
    const analysis = await analyzeRun(
      workflowId,
      {
        latencyThresholds: frozen.latencyThresholds,
        passFailCriteria: frozen.passFailCriteria,
        judging: frozen.judging ?? legacyJudging,
        parameters,
      },
      progress,
      signal,
      assignedVideosOf(outputs),
    );
    return {
      output: {
        evaluationId: analysis.run.id,
        sessions: analysis.sessions,
        evaluations: analysis.records.length,
        verdict: analysis.run.verdict,
        ...(analysis.missingVideos.length ? { missingVideos: analysis.missingVideos.map((v) => v.fileName) } : {}),
        ...(analysis.sessions === 0
          ? { note: "No completed test session: play the videos on a rig, or import recorded detections." }
          : {}),
      },
      commit: (tx) => writeEvaluations(tx, analysis),
    };
  },

  async validateResults({ outputs }) {
    const evaluationId = outputOf(outputs, "analyze_results")?.evaluationId;
    if (!evaluationId) {
      throw new PermanentTaskError("analyze_results left no evaluation to validate.");
    }
    const [row] = await getDb().select().from(evaluations).where(eq(evaluations.id, evaluationId));
    if (!row) throw new PermanentTaskError(`The run's evaluation ${evaluationId} is missing.`);
    const named = (status: string) => row.criteria.filter((c) => c.status === status).map((c) => c.label);
    return {
      output: {
        verdict: row.verdict,
        evaluationId,
        ...(row.verdict === "incomplete"
          ? {
              missingVideos: (isRunOutcomes(row.outcomes) ? (row.outcomes.missingVideos ?? []) : []).map(
                (v) => v.fileName,
              ),
            }
          : {}),
        passed: named("pass"),
        failed: named("fail"),
        notApplicable: named("n/a"),
      },
    };
  },
};
