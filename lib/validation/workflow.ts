/** Inputs of workflows: one schema for the form, the tRPC procedures and the REST routes. */
import { z } from "zod";
import { workflowPriorities as priorities, workflowStrategies as strategies, verdicts } from "../states";

export const maxConcurrentTasksSchema = z
  .number({ error: "Maximum concurrent tasks must be a whole number" })
  .int("Maximum concurrent tasks must be a whole number")
  .min(1, "Maximum concurrent tasks must be at least 1")
  .max(32, "Maximum concurrent tasks must be at most 32");

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** A run's parameters: what its tasks read (custom tasks may add their own, kept small). */
const runParametersSchema = z
  .object({
    /** Without rigs: simulate playback for this many seconds (a dry run of the whole workflow). */
    dryRunSeconds: z
      .number()
      .min(0, "Dry-run time must not be negative")
      .max(3600, "Dry-run time at most an hour")
      .optional(),
    /** The videos to play (else the project's assignment). */
    videoIds: z.array(z.uuid("Video ids must be UUIDs")).max(500, "At most 500 videos in a run").optional(),
    /** How often an interrupted session is played again. */
    maxReruns: z.number().int("Reruns must be a whole number").min(0).max(10, "At most 10 reruns").optional(),
    /** Detections this long before an event's onset still count for it. */
    earlyToleranceMs: z.number().min(0, "Early tolerance must not be negative").max(60_000).optional(),
    retriggersAsFp: z.boolean().optional(),
    /** How long execution waits for a rig to take a session. */
    rigWaitSeconds: z.number().min(1).max(86_400).optional(),
  })
  // Custom tasks read parameters of their own; kept small, as they are stored with the run.
  .catchall(z.unknown())
  .refine((parameters) => JSON.stringify(parameters).length <= 16_384, "Parameters at most 16 KB of JSON");
export type RunParameters = z.output<typeof runParametersSchema>;

export const createWorkflowSchema = z.object({
  projectId: z.uuid("Project id must be a UUID"),
  /** How lists name the run, e.g. "Night clips after the lens swap". */
  name: optionalText("Run name", 120),
  /** The camera firmware under test, e.g. "4.2.1-rc3". */
  firmwareVersion: optionalText("Firmware version", 80),
  /** A further identity of the software under test, e.g. a UN R156 RXSWIN. */
  softwareId: optionalText("Software id", 200),
  /** What else identifies what was tested: build, configuration, why the run was made. */
  softwareNotes: optionalText("Notes", 2000),
  /** Strategy, priority and concurrency default to the project's (its run defaults). */
  strategy: z.enum(strategies, { error: `Strategy must be one of ${strategies.join(", ")}` }).optional(),
  priority: z.enum(priorities, { error: `Priority must be one of ${priorities.join(", ")}` }).optional(),
  maxConcurrentTasks: maxConcurrentTasksSchema.optional(),
  timeoutSeconds: z
    .number()
    .int("Timeout must be a whole number of seconds")
    .min(1, "Timeout must be at least 1 second")
    .max(7 * 24 * 3600, "Timeout must be at most a week")
    .optional(),
  retryPolicy: z
    .object({
      maxAttempts: z.number().int().min(1, "At least 1 attempt").max(10, "At most 10 attempts"),
      backoffSeconds: z.number().int().min(0, "Backoff must not be negative").max(3600, "Backoff at most an hour"),
    })
    .optional(),
  parameters: runParametersSchema.default({}),
  /** Task names; default: the nine standard tasks. Custom tasks must be registered on the workers. */
  tasks: z.array(z.string().min(1)).min(1, "A workflow needs at least one task").optional(),
  /** Start at once after creating. */
  start: z.boolean().default(false),
});
export type CreateWorkflowInput = z.input<typeof createWorkflowSchema>;

/** The Runs page's filters: every run of every project, newest first, a page at a time. */
export const listWorkflowsSchema = z
  .object({
    projectId: z.uuid("Project id must be a UUID").optional(),
    activeOnly: z.boolean().default(false),
    verdict: z.enum([...verdicts, "none"]).optional(),
    firmware: z.string().trim().max(80).optional(),
    /** Runs created on or after this day / before the end of this day (YYYY-MM-DD, UTC). */
    from: z.iso.date("From must be a date (YYYY-MM-DD)").optional(),
    to: z.iso.date("To must be a date (YYYY-MM-DD)").optional(),
    dryRun: z.boolean().optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
  })
  .default({ activeOnly: false, page: 1, pageSize: 50 });
export type ListWorkflowsInput = z.input<typeof listWorkflowsSchema>;

export const workflowIdSchema = z.object({ id: z.uuid("Workflow id must be a UUID") });

/**
 * Pausing: by default the sessions playing now finish and no new one starts (nor a new task);
 * `now` stops the sessions playing at once, and they are played again from the start on resume.
 */
export const pauseWorkflowSchema = workflowIdSchema.extend({ now: z.boolean().default(false) });
