/**
 * Evaluation results: per session (one video on one rig) and per workflow. Immutable once
 * written: a re-analysis writes a new row.
 */
import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ClassResult, Counts, LatencyStats } from "@/lib/analysis/evaluate";
import type { Figures, RecordSettings, RunOutcomes, SessionOutcomes } from "@/lib/analysis/evaluate-run";
import type { EvaluationConfig } from "@/lib/analysis/evaluation-config";
import type { FigureIntervals } from "@/lib/analysis/figure-intervals";
import type { CriterionResult } from "@/lib/analysis/verdict";
import { verdicts } from "@/lib/states";
import { testSessions } from "./test-sessions";
import { workflows } from "./workflows";

export const evaluationScopes = ["session", "workflow"] as const;

export const evaluations = pgTable(
  "evaluations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").references(() => testSessions.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: evaluationScopes }).notNull(),
    /** Matching settings the result was computed with, so the numbers can be reproduced. */
    settings: jsonb("settings").$type<RecordSettings>().notNull(),
    counts: jsonb("counts").$type<Counts>().notNull(),
    metrics: jsonb("metrics").$type<Figures["metrics"]>().notNull(),
    latency: jsonb("latency").$type<LatencyStats>().notNull(),
    /** The latencies as measured, where `latency` is corrected for the rigs' display latency (DESIGN §12). */
    rawLatency: jsonb("raw_latency").$type<LatencyStats>(),
    /** The figures' intervals at the run's level, and at 2·level − 1 (one-sided bounds); null before they were kept. */
    intervals: jsonb("intervals").$type<FigureIntervals>(),
    bounds: jsonb("bounds").$type<FigureIntervals>(),
    perClass: jsonb("per_class").$type<Record<string, ClassResult>>().notNull().default({}),
    criteria: jsonb("criteria").$type<CriterionResult[]>().notNull().default([]),
    /**
     * What the figures were computed from, kept so the result can be shown and explained: for a
     * session, each match (ground-truth event id, detection id, latency) and the re-triggers; for
     * a workflow, the figures per video.
     */
    outcomes: jsonb("outcomes").$type<SessionOutcomes | RunOutcomes>().notNull(),
    verdict: text("verdict", { enum: verdicts }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("evaluations_workflow_idx").on(t.workflowId),
    // A run's current result: its newest workflow-scope evaluation.
    index("evaluations_workflow_latest_idx").on(t.workflowId, t.createdAt.desc()).where(sql`${t.scope} = 'workflow'`),
    index("evaluations_session_idx").on(t.sessionId),
    check(
      "evaluations_scope_check",
      sql`(${t.scope} = 'session' and ${t.sessionId} is not null) or (${t.scope} = 'workflow' and ${t.workflowId} is not null)`,
    ),
  ],
);

/** The ground truth of one video as an evaluation used it (canonical: onset order). */
export type GroundTruthSnapshot = {
  id: string;
  class: string;
  onsetUs: number;
  offsetUs: number;
  /** Only on events with a window of their own (DESIGN §13), so older snapshots keep their digest. */
  notBeforeUs?: number;
  deadlineUs?: number;
}[];

/**
 * What a run's evaluation was computed from, beyond the stored detections (which never change):
 * the configuration it was judged by and the ground truth each video had then, with their
 * digests (sha256 of the canonical JSON). An evaluation cites these versions, and the evidence
 * of an old run re-runs from them after the ground truth or the project was edited.
 */
export const evaluationInputs = pgTable("evaluation_inputs", {
  evaluationId: uuid("evaluation_id")
    .primaryKey()
    .references(() => evaluations.id, { onDelete: "cascade" }),
  config: jsonb("config").$type<EvaluationConfig>().notNull(),
  configDigest: text("config_digest").notNull(),
  groundTruth: jsonb("ground_truth").$type<Record<string, GroundTruthSnapshot>>().notNull(),
  groundTruthDigest: text("ground_truth_digest").notNull(),
  /** The newest change_history row when the evaluation was made: the version of the configuration it saw. */
  historyId: bigint("history_id", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
