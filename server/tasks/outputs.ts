/**
 * What each default task leaves for the tasks after it and for the pages: one zod schema per
 * task. The engine validates an output against its task's schema when the task commits (a task
 * cannot store what its readers would misread), and readers parse stored outputs with the same
 * schema instead of trusting a cast: an output of a run made before a field existed reads as
 * missing, never as a wrong type.
 */
import { z } from "zod";
import { verdicts } from "@/lib/states";
import { judgingSchema, latencyThresholdsSchema, passFailCriteriaSchema, signalTypes } from "@/lib/validation/project";

const note = z.string().optional();
const missingVideos = z.array(z.string()).optional();

export const taskOutputSchemas = {
  validate_project: z.object({
    project: z.string(),
    enabledCriteria: z.array(z.string()),
    videosInLibrary: z.number().int(),
  }),
  allocate_resources: z.object({
    rigs: z.array(z.object({ id: z.string(), name: z.string() })),
    estimatedRigSeconds: z.number(),
    note,
  }),
  assign_videos: z.object({
    assigned: z.number().int(),
    automatic: z.boolean(),
    videoIds: z.array(z.string()),
    scores: z.record(z.string(), z.number()),
  }),
  generate_ground_truth: z.object({
    videoIds: z.array(z.string()),
    events: z.number().int(),
    drafts: z.array(z.string()),
  }),
  /** The thresholds and criteria the run froze: its verdict uses these whatever the project says later. */
  configure_tests: z.object({
    latencyThresholds: latencyThresholdsSchema,
    passFailCriteria: passFailCriteriaSchema,
    signalType: z.enum(signalTypes),
    /** Absent in runs frozen before judging was a setting. */
    judging: judgingSchema.optional(),
    frozenAt: z.string(),
  }),
  execute_tests: z.object({
    sessions: z.number().int(),
    completed: z.number().int().optional(),
    failed: z.number().int().optional(),
    interrupted: z.number().int().optional(),
    videos: z.number().int().optional(),
    videosWithoutResult: z.number().int().optional(),
    plan: z
      .object({
        videos: z.number().int(),
        rigsOnline: z.number().int(),
        videoSeconds: z.number(),
        estimatedSeconds: z.number(),
        order: z.array(z.string()),
      })
      .optional(),
    dryRunSeconds: z.number().optional(),
    note,
  }),
  monitor_execution: z.object({
    alerts: z.union([z.object({ warning: z.number().int(), critical: z.number().int() }), z.literal(0)]),
    worstLatencyMs: z.number().nullable().optional(),
    detections: z.number().int().optional(),
    note,
  }),
  analyze_results: z.object({
    evaluationId: z.string(),
    sessions: z.number().int(),
    evaluations: z.number().int(),
    verdict: z.enum(verdicts),
    missingVideos,
    note,
  }),
  validate_results: z.object({
    verdict: z.enum(verdicts).nullable(),
    evaluationId: z.string(),
    missingVideos,
    passed: z.array(z.string()),
    failed: z.array(z.string()),
    notApplicable: z.array(z.string()),
  }),
} as const;

export type DefaultTaskName = keyof typeof taskOutputSchemas;
export type TaskOutput<N extends DefaultTaskName> = z.output<(typeof taskOutputSchemas)[N]>;

/** The schemas as readers of their outputs (a mapped type, so that indexing by a name keeps its output type). */
const readers: { [K in DefaultTaskName]: z.ZodType<TaskOutput<K>> } = taskOutputSchemas;

/** A default task's stored output, read through its schema; undefined when absent or not of its shape. */
export function outputOf<N extends DefaultTaskName>(
  outputs: Readonly<Record<string, unknown>>,
  name: N,
): TaskOutput<N> | undefined {
  const parsed = readers[name].safeParse(outputs[name]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The videos a run must cover: the list generate_ground_truth kept (videos with usable ground
 * truth), else assign_videos' frozen assignment.
 */
export function assignedVideosOf(outputs: Readonly<Record<string, unknown>>): string[] {
  return outputOf(outputs, "generate_ground_truth")?.videoIds ?? outputOf(outputs, "assign_videos")?.videoIds ?? [];
}
