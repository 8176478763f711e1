/** Inputs of workflows: one schema for the form, the tRPC procedures and the REST routes. */
import { z } from "zod";

export const strategies = ["sequential", "parallel", "hybrid", "adaptive"] as const;
export const priorities = ["low", "normal", "high", "critical"] as const;

export const maxConcurrentTasksSchema = z
  .number({ error: "Maximum concurrent tasks must be a whole number" })
  .int("Maximum concurrent tasks must be a whole number")
  .min(1, "Maximum concurrent tasks must be at least 1")
  .max(32, "Maximum concurrent tasks must be at most 32");

export const createWorkflowSchema = z.object({
  projectId: z.uuid("Project id must be a UUID"),
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
  parameters: z
    .object({
      /** Without rigs: simulate playback for this many seconds (a dry run of the whole workflow). */
      dryRunSeconds: z
        .number()
        .min(0, "Dry-run time must not be negative")
        .max(3600, "Dry-run time at most an hour")
        .optional(),
    })
    .catchall(z.unknown())
    .default({}),
  /** Task names; default: the nine standard tasks. Custom tasks must be registered on the workers. */
  tasks: z.array(z.string().min(1)).min(1, "A workflow needs at least one task").optional(),
  /** Start at once after creating. */
  start: z.boolean().default(false),
});
export type CreateWorkflowInput = z.input<typeof createWorkflowSchema>;

export const workflowIdSchema = z.object({ id: z.uuid("Workflow id must be a UUID") });
