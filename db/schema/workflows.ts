/**
 * Validation workflows: one run of one project, a DAG of tasks, and the append-only log of every
 * state transition (written in the same transaction as the change it records).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  taskStates,
  verdicts,
  workflowControls,
  workflowPriorities,
  workflowStates,
  workflowStrategies,
} from "@/lib/states";
import type { RunParameters } from "@/lib/validation/workflow";
import { users } from "./auth";
import { projects } from "./projects";

export type RetryPolicy = { maxAttempts: number; backoffSeconds: number; maxBackoffSeconds: number };

export const workflows = pgTable(
  "workflows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "restrict" }),
    /** What people call the run in lists; without one, lists show the firmware and the date. */
    name: text("name"),
    /** The camera firmware under test, as the user states it when starting the run. */
    firmwareVersion: text("firmware_version"),
    /** A further identity of the software under test, e.g. a UN R156 RXSWIN. */
    softwareId: text("software_id"),
    /** Free text about what was tested (build, configuration, reason for the run). */
    softwareNotes: text("software_notes"),
    /**
     * Simulated playback, no rig involved (asked for, or no rig registered when the run began
     * playing): labelled wherever the run appears, and never proof that a camera passes.
     */
    dryRun: boolean("dry_run").notNull().default(false),
    state: text("state", { enum: workflowStates }).notNull().default("initialized"),
    /** What the user asked (idle, running, paused, cancelled); `state` is derived from it and the tasks. */
    control: text("control", { enum: workflowControls }).notNull().default("idle"),
    strategy: text("strategy", { enum: workflowStrategies }).notNull().default("adaptive"),
    chosenStrategy: text("chosen_strategy", { enum: workflowStrategies }),
    complexityScore: doublePrecision("complexity_score"),
    priority: text("priority", { enum: workflowPriorities }).notNull().default("normal"),
    maxConcurrentTasks: integer("max_concurrent_tasks").notNull().default(4),
    timeoutSeconds: integer("timeout_seconds"),
    retryPolicy: jsonb("retry_policy").$type<RetryPolicy>(),
    parameters: jsonb("parameters").$type<RunParameters>().notNull().default({}),
    progress: jsonb("progress").$type<Record<string, number>>().notNull().default({}),
    overallProgress: doublePrecision("overall_progress").notNull().default(0),
    /** Raised by every change of state or progress: live pushes and snapshots are ordered by it. */
    version: bigint("version", { mode: "number" }).notNull().default(0),
    error: text("error"),
    /**
     * The run's current result, copied from its newest workflow-scope evaluation when that is
     * written (evaluations stay the record): lists and the dashboard read it without a join.
     */
    verdict: text("verdict", { enum: verdicts }),
    p95LatencyMs: doublePrecision("p95_latency_ms"),
    /** Copied with the verdict: the lower end of recall's interval, and the decision rule it was judged by. */
    recallLowerBound: doublePrecision("recall_lower_bound"),
    decisionRule: text("decision_rule"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("workflows_project_idx").on(t.projectId),
    index("workflows_state_idx").on(t.state),
    index("workflows_created_idx").on(t.createdAt.desc()),
    // The dashboard's latest runs per project and its trend read completed runs by finish time.
    index("workflows_project_finished_idx").on(t.projectId, t.finishedAt.desc()).where(sql`${t.state} = 'completed'`),
    index("workflows_finished_idx").on(t.finishedAt).where(sql`${t.state} = 'completed'`),
    index("workflows_active_idx").on(t.projectId).where(sql`${t.state} not in ('completed', 'failed', 'cancelled')`),
    check("workflows_max_concurrent_check", sql`${t.maxConcurrentTasks} >= 1`),
    check("workflows_complexity_check", sql`${t.complexityScore} is null or ${t.complexityScore} between 0 and 1`),
    check("workflows_progress_check", sql`${t.overallProgress} between 0 and 100`),
    check("workflows_control_check", sql`${t.control} in ('idle', 'running', 'paused', 'cancelled')`),
  ],
);

export const workflowTasks = pgTable(
  "workflow_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    phase: text("phase", { enum: workflowStates }).notNull(),
    dependsOn: text("depends_on").array().notNull().default(sql`'{}'::text[]`),
    /** Topological position, so that equal-ready tasks start in a stable order. */
    position: integer("position").notNull().default(0),
    /** Expected work relative to the other tasks, for overall progress. */
    weight: doublePrecision("weight").notNull().default(1),
    component: text("component"),
    critical: boolean("critical").notNull().default(false),
    skippable: boolean("skippable").notNull().default(false),
    state: text("state", { enum: taskStates }).notNull().default("pending"),
    attempt: integer("attempt").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    timeoutSeconds: integer("timeout_seconds"),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    retryBackoffSeconds: integer("retry_backoff_seconds").notNull().default(1),
    retryMaxBackoffSeconds: integer("retry_max_backoff_seconds").notNull().default(60),
    jobId: text("job_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    /** The engine instance running the current attempt (a restarted server takes back its predecessor's). */
    workerId: text("worker_id"),
    progress: doublePrecision("progress").notNull().default(0),
    /** What the task left, of the shape its definition declares (checked before it commits). */
    output: jsonb("output").$type<unknown>(),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Also serves every lookup by workflow. No index on `state`: a task changes state several
    // times per attempt, and without one those updates stay on their page (HOT) instead of
    // rewriting every index, which is most of the cost of settling tasks in bulk.
    uniqueIndex("workflow_tasks_name_unique").on(t.workflowId, t.name),
    check("workflow_tasks_attempt_check", sql`${t.attempt} >= 0 and ${t.maxAttempts} >= 1`),
    check("workflow_tasks_progress_check", sql`${t.progress} between 0 and 100`),
  ],
);

export const workflowEvents = pgTable(
  "workflow_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    /** Null for a transition of the workflow itself; the task's name for a task's transition. */
    taskName: text("task_name"),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    reason: text("reason").notNull().default(""),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("workflow_events_workflow_idx").on(t.workflowId, t.id)],
);
