/**
 * The v1 REST API's bodies, in the snake_case of the system it replaces. Each is strict (unknown
 * keys are refused) and maps onto the one input schema of its service, which then applies every
 * rule: these schemas only name and shape, they never repeat a bound.
 */
import { z } from "zod";
import { workflowPriorities as priorities, workflowStrategies as strategies } from "@/lib/states";
import { intervalMethods } from "@/lib/stats/intervals";
import {
  type CreateProjectInput,
  decisionRules,
  defaultJudging,
  defaultLatencyThresholds,
  defaultPassFailCriteria,
  defaultRegressionGate,
  defaultRunDefaults,
  type Judging,
  type LatencyThresholds,
  latencyStatistics,
  type PassFailCriteria,
  type RegressionGate,
  verdictScopes,
} from "@/lib/validation/project";

const num = (name: string) => z.number({ error: `${name} must be a number` });

export const thresholdsRestSchema = z.strictObject({
  detection_latency_ms: num("detection_latency_ms").optional(),
  processing_latency_ms: num("processing_latency_ms").optional(),
  end_to_end_latency_ms: num("end_to_end_latency_ms").optional(),
  signal_processing_latency_ms: num("signal_processing_latency_ms").optional(),
  warning_threshold_ms: num("warning_threshold_ms").optional(),
  critical_threshold_ms: num("critical_threshold_ms").optional(),
});

/** A criterion is its limit (and then it is checked), or {value, enabled, statistic}. */
const criterion = (name: string) =>
  z
    .union([
      num(name),
      z.strictObject({
        value: num(name).optional(),
        enabled: z.boolean({ error: `${name}.enabled must be true or false` }).optional(),
        statistic: z.enum(latencyStatistics).optional(),
      }),
    ])
    .optional();

export const criteriaRestSchema = z.strictObject({
  min_precision: criterion("min_precision"),
  min_recall: criterion("min_recall"),
  min_f1_score: criterion("min_f1_score"),
  max_latency_ms: criterion("max_latency_ms"),
  max_false_positive_rate: criterion("max_false_positive_rate"),
  min_detection_confidence: criterion("min_detection_confidence"),
  min_accuracy: criterion("min_accuracy"),
  min_detection_count: criterion("min_detection_count"),
});

/** How runs are judged; keys left out keep their stored (or default) value. */
export const judgingRestSchema = z.strictObject({
  confidence_level: num("confidence_level").optional(),
  interval_method: z
    .enum(intervalMethods, { error: `interval_method must be one of ${intervalMethods.join(", ")}` })
    .optional(),
  decision_rule: z
    .enum(decisionRules, { error: `decision_rule must be one of ${decisionRules.join(", ")}` })
    .optional(),
  verdict_scope: z
    .enum(verdictScopes, { error: `verdict_scope must be one of ${verdictScopes.join(", ")}` })
    .optional(),
});

/** The regression gate and firmware requirement; keys left out keep their stored (or default) value. */
export const regressionGateRestSchema = z.strictObject({
  require_firmware: z.boolean({ error: "require_firmware must be true or false" }).optional(),
  max_recall_drop: num("max_recall_drop").optional(),
  /** null: p95 latency is not gated. */
  max_p95_increase_ms: num("max_p95_increase_ms").nullable().optional(),
});

const workflowConfigRestSchema = z.strictObject({
  execution_strategy: z
    .enum(strategies, { error: `execution_strategy must be one of ${strategies.join(", ")}` })
    .optional(),
  priority: z.enum(priorities, { error: `priority must be one of ${priorities.join(", ")}` }).optional(),
  max_concurrent_tasks: num("max_concurrent_tasks").optional(),
  latency_thresholds: thresholdsRestSchema.optional(),
  pass_fail_criteria: criteriaRestSchema.optional(),
  judging: judgingRestSchema.optional(),
  regression_gate: regressionGateRestSchema.optional(),
});

export const createProjectRestSchema = z.strictObject({
  name: z.string({ error: "name is required and must be text" }),
  description: z.string({ error: "description must be text" }).optional(),
  camera_model: z.string({ error: "camera_model must be text" }).optional(),
  camera_view: z.string({ error: "camera_view is required and must be text" }),
  signal_type: z.string({ error: "signal_type is required and must be text" }),
  workflow_config: workflowConfigRestSchema.optional(),
});

export const executeTestsRestSchema = z.strictObject({
  project_id: z.string({ error: "project_id is required" }),
  name: z.string({ error: "name must be text" }).optional(),
  firmware_version: z.string({ error: "firmware_version must be text" }).optional(),
  software_id: z.string({ error: "software_id must be text" }).optional(),
  software_notes: z.string({ error: "software_notes must be text" }).optional(),
  workflow_config: z
    .strictObject({
      execution_strategy: workflowConfigRestSchema.shape.execution_strategy,
      priority: workflowConfigRestSchema.shape.priority,
      max_concurrent_tasks: workflowConfigRestSchema.shape.max_concurrent_tasks,
      /** Passed to the run's tasks, e.g. {"dry_run_seconds": 2} without rigs. */
      parameters: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export const assignVideosRestSchema = z.union([
  z.strictObject({ video_ids: z.array(z.string(), { error: "video_ids must be a list of video ids" }) }),
  z.strictObject({
    automatic: z.literal(true, { error: "automatic must be true (or send video_ids)" }),
    min_score: num("min_score").optional(),
  }),
]);

const snakeToCamel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Thresholds sent, laid over `base` (the stored ones, or the defaults for a new project). */
export function thresholdsFromRest(
  sent: z.infer<typeof thresholdsRestSchema>,
  base: LatencyThresholds = defaultLatencyThresholds,
): LatencyThresholds {
  const out: Record<string, number> = { ...base };
  for (const [key, value] of Object.entries(sent)) if (value !== undefined) out[snakeToCamel(key)] = value;
  return out as LatencyThresholds;
}

/** Judging sent, laid over `base` (the stored one, or the defaults for a new project). */
export function judgingFromRest(sent: z.infer<typeof judgingRestSchema>, base: Judging = defaultJudging): Judging {
  return {
    confidenceLevel: sent.confidence_level ?? base.confidenceLevel,
    intervalMethod: sent.interval_method ?? base.intervalMethod,
    decisionRule: sent.decision_rule ?? base.decisionRule,
    verdictScope: sent.verdict_scope ?? base.verdictScope,
  };
}

/** Regression gate sent, laid over `base` (the stored one, or the defaults for a new project). */
export function regressionGateFromRest(
  sent: z.infer<typeof regressionGateRestSchema>,
  base: RegressionGate = defaultRegressionGate,
): RegressionGate {
  return {
    requireFirmware: sent.require_firmware ?? base.requireFirmware,
    maxRecallDrop: sent.max_recall_drop ?? base.maxRecallDrop,
    maxP95IncreaseMs: sent.max_p95_increase_ms === undefined ? base.maxP95IncreaseMs : sent.max_p95_increase_ms,
  };
}

/** Criteria sent, laid over `base`: a bare number sets the limit and checks the criterion. */
export function criteriaFromRest(
  sent: z.infer<typeof criteriaRestSchema>,
  base: PassFailCriteria = defaultPassFailCriteria,
): PassFailCriteria {
  const out: Record<string, Record<string, unknown>> = structuredClone(base);
  for (const [key, value] of Object.entries(sent)) {
    if (value === undefined) continue;
    const name = snakeToCamel(key);
    out[name] =
      typeof value === "number"
        ? { ...out[name], value, enabled: true }
        : { ...out[name], ...Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) };
  }
  return out as PassFailCriteria;
}

export function createProjectFromRest(body: z.infer<typeof createProjectRestSchema>): CreateProjectInput {
  const config = body.workflow_config ?? {};
  return {
    name: body.name,
    description: body.description,
    cameraModel: body.camera_model,
    cameraView: body.camera_view,
    signalType: body.signal_type as CreateProjectInput["signalType"],
    latencyThresholds: thresholdsFromRest(config.latency_thresholds ?? {}),
    passFailCriteria: criteriaFromRest(config.pass_fail_criteria ?? {}),
    judging: judgingFromRest(config.judging ?? {}),
    regressionGate: regressionGateFromRest(config.regression_gate ?? {}),
    runDefaults: {
      strategy: config.execution_strategy ?? defaultRunDefaults.strategy,
      priority: config.priority ?? defaultRunDefaults.priority,
      maxConcurrentTasks: config.max_concurrent_tasks ?? defaultRunDefaults.maxConcurrentTasks,
    },
  };
}
