/**
 * The one zod schema of a project's inputs: used by the forms (react-hook-form), the tRPC
 * procedures and the REST routes, and mirrored by the check constraints in db/schema/projects.ts
 * (which import the bounds below). Pure zod, so client components can import it.
 */
import { z } from "zod";
import { workflowPriorities as priorities, workflowStrategies as strategies } from "../states";
import { intervalMethods } from "../stats/intervals";
import { maxConcurrentTasksSchema } from "./workflow";

export const cameraViews = ["front", "rear", "left", "right"] as const;
export const signalTypes = ["gpio", "network", "serial"] as const;
export const projectStatuses = ["active", "archived"] as const;
export const latencyStatistics = ["mean", "p50", "p95", "p99", "max"] as const;

export type CameraView = (typeof cameraViews)[number];
export const cameraViewLabels: Record<CameraView, string> = {
  front: "Front (moving-off, R159)",
  rear: "Rear",
  left: "Left side (blind spot)",
  right: "Right side (blind spot)",
};

/**
 * A project's camera view is free text ("Front-facing VRU", "left"); the known views are offered
 * in the UI. Videos are tagged with a known view, so the text is read as one where it names one.
 */
export function knownCameraView(text: string): CameraView | null {
  const t = text.trim().toLowerCase();
  if ((cameraViews as readonly string[]).includes(t)) return t as CameraView;
  const words = new Set(t.split(/[^a-z]+/).filter(Boolean));
  const hits = cameraViews.filter(
    (v) => words.has(v) || (v === "front" && words.has("forward")) || (v === "rear" && words.has("back")),
  );
  return hits.length === 1 ? (hits[0] as CameraView) : null;
}

/** The video tag a project's view stands for: the known view it names, else its own text. */
export function videoViewOf(projectView: string): string {
  return knownCameraView(projectView) ?? projectView;
}

export function cameraViewLabel(text: string): string {
  return cameraViewLabels[text as CameraView] ?? text;
}

const signalTypeNames: Record<string, (typeof signalTypes)[number]> = {
  gpio: "gpio",
  network: "network",
  "network packet": "network",
  udp: "network",
  serial: "serial",
  "serial message": "serial",
};
export const signalTypeLabels: Record<(typeof signalTypes)[number], string> = {
  gpio: "GPIO line",
  network: "Network packet",
  serial: "Serial message",
};

/** Upper bound of every time setting: an hour is far beyond any useful latency. */
export const MAX_LATENCY_MS = 3_600_000;
export const PROJECT_NAME_MAX = 120;

const latencyMs = (label: string) =>
  z
    .number({ error: `${label} must be a number of milliseconds` })
    .finite(`${label} must be a number of milliseconds`)
    .gt(0, `${label} must be greater than 0 ms`)
    .max(MAX_LATENCY_MS, `${label} must be at most ${MAX_LATENCY_MS} ms (one hour)`);

const ratio = (label: string) =>
  z
    .number({ error: `${label} must be a number between 0 and 1` })
    .min(0, `${label} must be between 0 and 1`)
    .max(1, `${label} must be between 0 and 1`);

export const latencyThresholdsSchema = z
  .object({
    detectionLatencyMs: latencyMs("Detection latency"),
    processingLatencyMs: latencyMs("Processing latency"),
    endToEndLatencyMs: latencyMs("End-to-end latency"),
    signalProcessingLatencyMs: latencyMs("Signal processing latency"),
    warningThresholdMs: latencyMs("Warning threshold"),
    criticalThresholdMs: latencyMs("Critical threshold"),
  })
  .refine((t) => t.warningThresholdMs <= t.criticalThresholdMs, {
    message: "Warning threshold must not be greater than the critical threshold",
    path: ["warningThresholdMs"],
  });
export type LatencyThresholds = z.infer<typeof latencyThresholdsSchema>;

export const defaultLatencyThresholds: LatencyThresholds = {
  detectionLatencyMs: 100,
  processingLatencyMs: 500,
  endToEndLatencyMs: 1000,
  signalProcessingLatencyMs: 50,
  warningThresholdMs: 80,
  criticalThresholdMs: 150,
};

const ratioCriterion = (label: string) => z.object({ enabled: z.boolean(), value: ratio(label) });

export const passFailCriteriaSchema = z.object({
  minPrecision: ratioCriterion("Minimum precision"),
  minRecall: ratioCriterion("Minimum recall"),
  minF1Score: ratioCriterion("Minimum F1 score"),
  maxLatencyMs: z.object({
    enabled: z.boolean(),
    value: latencyMs("Maximum latency"),
    statistic: z.enum(latencyStatistics, {
      error: `Latency statistic must be one of ${latencyStatistics.join(", ")}`,
    }),
  }),
  maxFalsePositiveRate: ratioCriterion("Maximum false-positive rate"),
  minDetectionConfidence: ratioCriterion("Minimum detection confidence"),
  minAccuracy: ratioCriterion("Minimum accuracy"),
  minDetectionCount: z.object({
    enabled: z.boolean(),
    value: z
      .number({ error: "Minimum detection count must be a whole number" })
      .int("Minimum detection count must be a whole number")
      .min(0, "Minimum detection count must not be negative")
      .max(1_000_000_000, "Minimum detection count is too large"),
  }),
});
export type PassFailCriteria = z.infer<typeof passFailCriteriaSchema>;
export type CriterionKey = keyof PassFailCriteria;

/**
 * Defaults chosen for a safety function: missing a pedestrian weighs more than a false alarm. The
 * latency limit is the default critical threshold: a new project does not pass detections its own
 * live view calls critical.
 */
export const defaultPassFailCriteria: PassFailCriteria = {
  minPrecision: { enabled: true, value: 0.9 },
  minRecall: { enabled: true, value: 0.95 },
  minF1Score: { enabled: true, value: 0.9 },
  maxLatencyMs: { enabled: true, value: 150, statistic: "p95" },
  maxFalsePositiveRate: { enabled: true, value: 0.05 },
  minDetectionConfidence: { enabled: true, value: 0.5 },
  minAccuracy: { enabled: true, value: 0.9 },
  minDetectionCount: { enabled: true, value: 1 },
};

export const decisionRules = ["point", "bound"] as const;
export type DecisionRule = (typeof decisionRules)[number];
export const verdictScopes = ["aggregate", "every_video"] as const;

/**
 * How a project's runs are judged (DESIGN §9): the level and method of every interval, the
 * decision rule (`point`: the estimate meets the limit; `bound`: its one-sided confidence bound
 * does, else the criterion is inconclusive), and whether the run passes on its aggregate figures
 * or only when every video passes too. Frozen into a run like the criteria.
 */
export const judgingSchema = z.object({
  confidenceLevel: z
    .number({ error: "Confidence level must be a number, e.g. 0.95" })
    .min(0.5, "Confidence level must be at least 0.5")
    .max(0.9999, "Confidence level must be below 1 (at most 0.9999)"),
  intervalMethod: z.enum(intervalMethods, { error: `Interval method must be one of ${intervalMethods.join(", ")}` }),
  decisionRule: z.enum(decisionRules, { error: `Decision rule must be one of ${decisionRules.join(", ")}` }),
  verdictScope: z.enum(verdictScopes, { error: `Verdict scope must be one of ${verdictScopes.join(", ")}` }),
});
export type Judging = z.infer<typeof judgingSchema>;

export const defaultJudging: Judging = {
  confidenceLevel: 0.95,
  intervalMethod: "wilson",
  decisionRule: "bound",
  verdictScope: "every_video",
};

/**
 * Firmware against firmware (DESIGN §10): whether a run must name the firmware it tests, and the
 * regression gate: run B may not be worse than run A by more than `maxRecallDrop` in recall, nor
 * by more than `maxP95IncreaseMs` in p95 latency (null: latency not gated).
 */
export const regressionGateSchema = z.object({
  requireFirmware: z.boolean({ error: "Require firmware must be true or false" }),
  maxRecallDrop: z
    .number({ error: "Recall drop must be a number, e.g. 0.05" })
    .min(0, "Recall drop must be between 0 and 1")
    .max(1, "Recall drop must be between 0 and 1"),
  maxP95IncreaseMs: z
    .number({ error: "p95 increase must be a number of milliseconds" })
    .min(0, "p95 increase must not be negative")
    .max(MAX_LATENCY_MS, `p95 increase must be at most ${MAX_LATENCY_MS} ms`)
    .nullable(),
});
export type RegressionGate = z.infer<typeof regressionGateSchema>;

export const defaultRegressionGate: RegressionGate = {
  requireFirmware: false,
  maxRecallDrop: 0.05,
  maxP95IncreaseMs: 20,
};

export const calibrationRules = ["warn", "refuse"] as const;
export type CalibrationRule = (typeof calibrationRules)[number];

/**
 * The timing chain (DESIGN §12): a rig whose display calibration is older than
 * `calibrationMaxAgeDays`, spreads more than `calibrationMaxSdMs`, or is missing (once either
 * bound is set) is warned of, or refused — its latencies then judge nothing; null: no bound. A
 * session whose clock offset to the server moved more than `maxClockOffsetChangeMs` is flagged.
 */
export const timingRulesSchema = z.object({
  calibrationMaxAgeDays: z
    .number({ error: "Calibration age must be a whole number of days" })
    .int("Calibration age must be a whole number of days")
    .min(1, "Calibration age must be at least 1 day")
    .max(3650, "Calibration age must be at most 3650 days")
    .nullable(),
  calibrationMaxSdMs: z
    .number({ error: "Calibration SD must be a number of milliseconds" })
    .min(0, "Calibration SD must not be negative")
    .max(1000, "Calibration SD must be at most 1000 ms")
    .nullable(),
  calibrationRule: z.enum(calibrationRules, {
    error: `Calibration rule must be one of ${calibrationRules.join(", ")}`,
  }),
  maxClockOffsetChangeMs: z
    .number({ error: "Clock offset change must be a number of milliseconds" })
    .gt(0, "Clock offset change must be above 0 ms")
    .max(10_000, "Clock offset change must be at most 10000 ms"),
});
export type TimingRules = z.infer<typeof timingRulesSchema>;

export const defaultTimingRules: TimingRules = {
  calibrationMaxAgeDays: null,
  calibrationMaxSdMs: null,
  calibrationRule: "warn",
  maxClockOffsetChangeMs: 2,
};

/** How runs frozen before judging was a setting are judged again: as they were then. */
export const legacyJudging: Judging = { ...defaultJudging, decisionRule: "point", verdictScope: "aggregate" };

export const criterionLabels: Record<CriterionKey, string> = {
  minPrecision: "Minimum precision",
  minRecall: "Minimum recall",
  minF1Score: "Minimum F1 score",
  maxLatencyMs: "Maximum latency (ms)",
  maxFalsePositiveRate: "Maximum false-positive rate",
  minDetectionConfidence: "Minimum detection confidence",
  minAccuracy: "Minimum accuracy",
  minDetectionCount: "Minimum detection count",
};

export const projectDetailsSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(PROJECT_NAME_MAX, `Name must be at most ${PROJECT_NAME_MAX} characters`),
  description: z.string().trim().max(4000, "Description must be at most 4000 characters").default(""),
  cameraModel: z.string().trim().max(200, "Camera model must be at most 200 characters").default(""),
  cameraView: z
    .string({ error: "Camera view is required" })
    .trim()
    .min(1, "Camera view is required")
    .max(60, "Camera view must be at most 60 characters"),
  // Any case, and the long names ("GPIO", "Network Packet", "Serial").
  signalType: z.preprocess(
    (v) => (typeof v === "string" ? (signalTypeNames[v.trim().toLowerCase()] ?? v) : v),
    z.enum(signalTypes, { error: `Signal type must be one of ${signalTypes.join(", ")}` }),
  ),
});

/** How the project's runs are run unless a run says otherwise (the REST API's `workflow_config`). */
const runDefaultsSchema = z.object({
  strategy: z.enum(strategies, { error: `Strategy must be one of ${strategies.join(", ")}` }),
  priority: z.enum(priorities, { error: `Priority must be one of ${priorities.join(", ")}` }),
  maxConcurrentTasks: maxConcurrentTasksSchema,
});
export type RunDefaults = z.infer<typeof runDefaultsSchema>;
export const defaultRunDefaults: RunDefaults = { strategy: "adaptive", priority: "normal", maxConcurrentTasks: 4 };

export const createProjectSchema = projectDetailsSchema.extend({
  latencyThresholds: latencyThresholdsSchema.default(defaultLatencyThresholds),
  passFailCriteria: passFailCriteriaSchema.default(defaultPassFailCriteria),
  runDefaults: runDefaultsSchema.default(defaultRunDefaults),
  judging: judgingSchema.default(defaultJudging),
  regressionGate: regressionGateSchema.default(defaultRegressionGate),
});
export type CreateProjectInput = z.input<typeof createProjectSchema>;

export const projectIdSchema = z.object({ id: z.uuid("Project id must be a UUID") });

export const updateProjectSchema = projectIdSchema.extend({ details: projectDetailsSchema });
export const setLatencyThresholdsSchema = projectIdSchema.extend({ latencyThresholds: latencyThresholdsSchema });
export const setPassFailCriteriaSchema = projectIdSchema.extend({ passFailCriteria: passFailCriteriaSchema });
export const setJudgingSchema = projectIdSchema.extend({ judging: judgingSchema });
export const setRegressionGateSchema = projectIdSchema.extend({ regressionGate: regressionGateSchema });
export const setTimingRulesSchema = projectIdSchema.extend({ timingRules: timingRulesSchema });

export const listProjectsSchema = z
  .object({ includeArchived: z.boolean().default(false) })
  .default({ includeArchived: false });
