/**
 * Evaluation results: per session (one video on one rig) and per workflow. Immutable once
 * written: a re-analysis writes a new row.
 */
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { testSessions } from "./test-sessions";
import { verdicts, workflows } from "./workflows";

export const evaluationScopes = ["session", "workflow"] as const;

export const evaluations = pgTable(
  "evaluations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").references(() => testSessions.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: evaluationScopes }).notNull(),
    /** Matching settings the result was computed with, so the numbers can be reproduced. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    counts: jsonb("counts").$type<Record<string, number>>().notNull(),
    metrics: jsonb("metrics").$type<Record<string, number | null>>().notNull(),
    latency: jsonb("latency").$type<Record<string, number | null>>().notNull(),
    perClass: jsonb("per_class").$type<Record<string, unknown>>().notNull().default({}),
    criteria: jsonb("criteria").$type<Record<string, unknown>[]>().notNull().default([]),
    /**
     * What the figures were computed from, kept so the result can be shown and explained: for a
     * session, each match (ground-truth event id, detection id, latency) and the re-triggers; for
     * a workflow, the figures per video.
     */
    outcomes: jsonb("outcomes").$type<Record<string, unknown>>().notNull().default({}),
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
