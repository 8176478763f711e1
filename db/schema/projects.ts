/**
 * A project is one camera under test, with its latency thresholds and pass/fail criteria (one
 * row each). The check constraints mirror lib/validation/project.ts so that a write which slipped
 * past the schema is still refused by the database.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workflowPriorities as priorities, workflowStrategies as strategies } from "@/lib/states";
import { intervalMethods } from "@/lib/stats/intervals";
import {
  calibrationRules,
  decisionRules,
  latencyStatistics,
  MAX_LATENCY_MS,
  PROJECT_NAME_MAX,
  projectStatuses,
  signalTypes,
  verdictScopes,
} from "@/lib/validation/project";
import { users } from "./auth";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    cameraModel: text("camera_model").notNull().default(""),
    /** Free text; the known views (lib/validation/project.ts) are offered in the UI. */
    cameraView: text("camera_view").notNull(),
    signalType: text("signal_type", { enum: signalTypes }).notNull(),
    status: text("status", { enum: projectStatuses }).notNull().default("active"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /** What the project's videos must cover; see lib/validation/assignment.ts. */
    requiredVruClasses: text("required_vru_classes").array().notNull().default(sql`'{pedestrian,cyclist}'`),
    requiredScenarios: text("required_scenarios").array().notNull().default(sql`'{}'`),
    /** The project's requirement set of regulation test cases (lib/test-cases; DESIGN §13). */
    requiredTestCases: text("required_test_cases").array().notNull().default(sql`'{}'`),
    /** Whether runs may use ground truth nobody has reviewed yet. */
    allowDraftGroundTruth: boolean("allow_draft_ground_truth").notNull().default(false),
    /** How runs are run unless a run says otherwise. */
    defaultStrategy: text("default_strategy", { enum: strategies }).notNull().default("adaptive"),
    defaultPriority: text("default_priority", { enum: priorities }).notNull().default("normal"),
    defaultMaxConcurrentTasks: integer("default_max_concurrent_tasks").notNull().default(4),
    /** How runs are judged (lib/validation/project.ts, `judgingSchema`): frozen into each run. */
    confidenceLevel: doublePrecision("confidence_level").notNull().default(0.95),
    intervalMethod: text("interval_method", { enum: intervalMethods }).notNull().default("wilson"),
    decisionRule: text("decision_rule", { enum: decisionRules }).notNull().default("bound"),
    verdictScope: text("verdict_scope", { enum: verdictScopes }).notNull().default("every_video"),
    /** Firmware against firmware (lib/validation/project.ts, `regressionGateSchema`). */
    requireFirmware: boolean("require_firmware").notNull().default(false),
    maxRecallDrop: doublePrecision("max_recall_drop").notNull().default(0.05),
    /** Null: p95 latency is not gated. */
    maxP95IncreaseMs: doublePrecision("max_p95_increase_ms").default(20),
    /**
     * The timing chain (lib/validation/project.ts, `timingRulesSchema`): a rig whose display
     * calibration is older than this many days, or spreads more than this SD, is warned of or
     * refused (`calibrationRule`); null: no such rule. A session whose clock offset moved more
     * than `maxClockOffsetChangeMs` is flagged.
     */
    calibrationMaxAgeDays: integer("calibration_max_age_days"),
    calibrationMaxSdMs: doublePrecision("calibration_max_sd_ms"),
    calibrationRule: text("calibration_rule", { enum: calibrationRules }).notNull().default("warn"),
    maxClockOffsetChangeMs: doublePrecision("max_clock_offset_change_ms").notNull().default(2),
  },
  (t) => [
    // Names are unique regardless of case and surrounding spaces: "Cam A" and "cam a " clash.
    uniqueIndex("projects_name_unique").on(sql`lower(btrim(${t.name}))`),
    index("projects_status_idx").on(t.status),
    check("projects_name_check", sql`length(btrim(${t.name})) between 1 and ${sql.raw(String(PROJECT_NAME_MAX))}`),
    check("projects_camera_view_check", sql`length(btrim(${t.cameraView})) between 1 and 60`),
    check("projects_signal_type_check", sql`${t.signalType} in (${inList(signalTypes)})`),
    check("projects_status_check", sql`${t.status} in (${inList(projectStatuses)})`),
    check("projects_default_strategy_check", sql`${t.defaultStrategy} in (${inList(strategies)})`),
    check("projects_default_priority_check", sql`${t.defaultPriority} in (${inList(priorities)})`),
    check("projects_default_concurrency_check", sql`${t.defaultMaxConcurrentTasks} between 1 and 32`),
    check("projects_confidence_level_check", sql`${t.confidenceLevel} >= 0.5 and ${t.confidenceLevel} <= 0.9999`),
    check("projects_interval_method_check", sql`${t.intervalMethod} in (${inList(intervalMethods)})`),
    check("projects_decision_rule_check", sql`${t.decisionRule} in (${inList(decisionRules)})`),
    check("projects_verdict_scope_check", sql`${t.verdictScope} in (${inList(verdictScopes)})`),
    check("projects_calibration_rule_check", sql`${t.calibrationRule} in (${inList(calibrationRules)})`),
    check(
      "projects_calibration_limits_check",
      sql`(${t.calibrationMaxAgeDays} is null or ${t.calibrationMaxAgeDays} between 1 and 3650)
        and (${t.calibrationMaxSdMs} is null or ${t.calibrationMaxSdMs} between 0 and 1000)
        and ${t.maxClockOffsetChangeMs} > 0 and ${t.maxClockOffsetChangeMs} <= 10000`,
    ),
    check("projects_max_recall_drop_check", sql`${t.maxRecallDrop} >= 0 and ${t.maxRecallDrop} <= 1`),
    check(
      "projects_max_p95_increase_check",
      sql`${t.maxP95IncreaseMs} is null or (${t.maxP95IncreaseMs} >= 0 and ${t.maxP95IncreaseMs} <= ${sql.raw(String(MAX_LATENCY_MS))})`,
    ),
  ],
);

const max = sql.raw(String(MAX_LATENCY_MS));

export const latencyThresholds = pgTable(
  "latency_thresholds",
  {
    projectId: uuid("project_id")
      .primaryKey()
      .references(() => projects.id, { onDelete: "cascade" }),
    detectionLatencyMs: doublePrecision("detection_latency_ms").notNull(),
    processingLatencyMs: doublePrecision("processing_latency_ms").notNull(),
    endToEndLatencyMs: doublePrecision("end_to_end_latency_ms").notNull(),
    signalProcessingLatencyMs: doublePrecision("signal_processing_latency_ms").notNull(),
    warningThresholdMs: doublePrecision("warning_threshold_ms").notNull(),
    criticalThresholdMs: doublePrecision("critical_threshold_ms").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "latency_thresholds_range_check",
      sql`${t.detectionLatencyMs} > 0 and ${t.detectionLatencyMs} <= ${max}
        and ${t.processingLatencyMs} > 0 and ${t.processingLatencyMs} <= ${max}
        and ${t.endToEndLatencyMs} > 0 and ${t.endToEndLatencyMs} <= ${max}
        and ${t.signalProcessingLatencyMs} > 0 and ${t.signalProcessingLatencyMs} <= ${max}
        and ${t.warningThresholdMs} > 0 and ${t.warningThresholdMs} <= ${max}
        and ${t.criticalThresholdMs} > 0 and ${t.criticalThresholdMs} <= ${max}`,
    ),
    check("latency_thresholds_warning_le_critical", sql`${t.warningThresholdMs} <= ${t.criticalThresholdMs}`),
  ],
);

export const passFailCriteria = pgTable(
  "pass_fail_criteria",
  {
    projectId: uuid("project_id")
      .primaryKey()
      .references(() => projects.id, { onDelete: "cascade" }),
    minPrecision: doublePrecision("min_precision").notNull(),
    minPrecisionEnabled: boolean("min_precision_enabled").notNull().default(true),
    minRecall: doublePrecision("min_recall").notNull(),
    minRecallEnabled: boolean("min_recall_enabled").notNull().default(true),
    minF1Score: doublePrecision("min_f1_score").notNull(),
    minF1ScoreEnabled: boolean("min_f1_score_enabled").notNull().default(true),
    maxLatencyMs: doublePrecision("max_latency_ms").notNull(),
    maxLatencyStatistic: text("max_latency_statistic", { enum: latencyStatistics }).notNull().default("p95"),
    maxLatencyMsEnabled: boolean("max_latency_ms_enabled").notNull().default(true),
    maxFalsePositiveRate: doublePrecision("max_false_positive_rate").notNull(),
    maxFalsePositiveRateEnabled: boolean("max_false_positive_rate_enabled").notNull().default(true),
    minDetectionConfidence: doublePrecision("min_detection_confidence").notNull(),
    minDetectionConfidenceEnabled: boolean("min_detection_confidence_enabled").notNull().default(true),
    minAccuracy: doublePrecision("min_accuracy").notNull(),
    minAccuracyEnabled: boolean("min_accuracy_enabled").notNull().default(true),
    minDetectionCount: integer("min_detection_count").notNull(),
    minDetectionCountEnabled: boolean("min_detection_count_enabled").notNull().default(true),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "pass_fail_criteria_ratio_check",
      sql`${t.minPrecision} between 0 and 1 and ${t.minRecall} between 0 and 1
        and ${t.minF1Score} between 0 and 1 and ${t.maxFalsePositiveRate} between 0 and 1
        and ${t.minDetectionConfidence} between 0 and 1 and ${t.minAccuracy} between 0 and 1`,
    ),
    check("pass_fail_criteria_latency_check", sql`${t.maxLatencyMs} > 0 and ${t.maxLatencyMs} <= ${max}`),
    check("pass_fail_criteria_count_check", sql`${t.minDetectionCount} >= 0`),
    check("pass_fail_criteria_statistic_check", sql`${t.maxLatencyStatistic} in (${inList(latencyStatistics)})`),
  ],
);
