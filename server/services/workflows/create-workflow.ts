/** Creates a workflow for a project with its task DAG (the nine default tasks unless named). */
import { eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { projects, rigs, workflows } from "@/db/schema";
import { type CreateWorkflowInput, createWorkflowSchema } from "@/lib/validation/workflow";
import { getDb, taskRegistry } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { defaultTaskNames } from "../../tasks";
import { announce } from "../../workflow/announce";
import { LocalHandoff } from "../../workflow/local-handoff";
import { defaultRetryPolicy, type TaskDefinition } from "../../workflow/registry";
import { latestOf } from "../../workflow/runner";
import { parseInput } from "../parse-input";
import { startInTransaction } from "./start-workflow";

export async function createWorkflow(raw: CreateWorkflowInput, actorId: string | null) {
  const input = parseInput(createWorkflowSchema, raw);
  let plan: TaskDefinition[];
  try {
    plan = taskRegistry().plan(input.tasks ?? defaultTaskNames);
  } catch (error) {
    throw DomainError.field("INVALID_INPUT", "tasks", (error as Error).message, error);
  }
  // Created and started in one transaction: a run asked to start is never left created only.
  const handoff = new LocalHandoff();
  const { id, started } = await handoff.run(() =>
    getDb().transaction(async (tx) => {
      const [project] = await tx.select().from(projects).where(eq(projects.id, input.projectId));
      if (!project) throw DomainError.field("NOT_FOUND", "projectId", `No project with id ${input.projectId}`);
      if (project.status !== "active") {
        throw new DomainError(
          "ILLEGAL_STATE",
          `Project "${project.name}" is archived: restore it to run a validation.`,
        );
      }
      if (project.requireFirmware && !input.firmwareVersion) {
        throw DomainError.field(
          "INVALID_INPUT",
          "firmwareVersion",
          `Project "${project.name}" requires the firmware version under test: enter it (e.g. 2.3.1) so the run can be compared with others.`,
        );
      }
      const [workflow] = await tx
        .insert(workflows)
        .values({
          projectId: project.id,
          name: input.name ?? null,
          firmwareVersion: input.firmwareVersion ?? null,
          softwareId: input.softwareId ?? null,
          softwareNotes: input.softwareNotes ?? null,
          // Known now for most runs; execution confirms it when playback begins (a rig may appear).
          dryRun: (input.parameters.dryRunSeconds ?? 0) > 0 || !(await anyRigRegistered(tx)),
          strategy: input.strategy ?? project.defaultStrategy,
          priority: input.priority ?? project.defaultPriority,
          maxConcurrentTasks: input.maxConcurrentTasks ?? project.defaultMaxConcurrentTasks,
          timeoutSeconds: input.timeoutSeconds ?? null,
          retryPolicy: input.retryPolicy
            ? { ...defaultRetryPolicy, ...input.retryPolicy, maxBackoffSeconds: defaultRetryPolicy.maxBackoffSeconds }
            : null,
          parameters: input.parameters,
          createdBy: actorId,
        })
        .returning({ id: workflows.id });
      if (!workflow) throw new Error("insert returned no row");
      await insertTasks(
        tx,
        workflow.id,
        plan.map((task, position) => {
          const retry = { ...defaultRetryPolicy, ...input.retryPolicy, ...task.retry };
          return {
            name: task.name,
            phase: task.phase,
            depends_on: [...task.dependsOn],
            critical: task.critical ?? false,
            skippable: task.skippable ?? false,
            position,
            weight: task.weight ?? 1,
            component: task.component ?? null,
            max_attempts: retry.maxAttempts,
            retry_backoff_seconds: retry.backoffSeconds,
            retry_max_backoff_seconds: retry.maxBackoffSeconds,
            timeout_seconds: task.timeoutSeconds ?? null,
          };
        }),
      );
      return {
        id: workflow.id,
        started: input.start ? await startInTransaction(tx, workflow.id, actorId, handoff) : null,
      };
    }),
  );
  if (!started) return { id };
  announce(latestOf([started, ...handoff.snapshots]));
  return { id, state: started.state };
}

type TaskRow = {
  name: string;
  phase: string;
  depends_on: string[];
  critical: boolean;
  skippable: boolean;
  position: number;
  weight: number;
  component: string | null;
  max_attempts: number;
  retry_backoff_seconds: number;
  retry_max_backoff_seconds: number;
  timeout_seconds: number | null;
};

/**
 * The plan's tasks in one statement whose text is the same for any number of them, so it is
 * prepared once per connection. Drizzle's multi-row VALUES changes its text with the count (never
 * prepared: a round trip more to describe it) and building it, nine rows of every column, was a
 * tenth of a run start's CPU in the web process.
 */
async function insertTasks(tx: Transaction, workflowId: string, rows: TaskRow[]) {
  await tx.execute(sql`
    insert into workflow_tasks (workflow_id, name, phase, depends_on, critical, skippable, position, weight,
      component, max_attempts, retry_backoff_seconds, retry_max_backoff_seconds, timeout_seconds)
    select ${workflowId}::uuid, u.name, u.phase, u.depends_on, u.critical, u.skippable, u.position, u.weight,
      u.component, u.max_attempts, u.retry_backoff_seconds, u.retry_max_backoff_seconds, u.timeout_seconds
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(name text, phase text, depends_on text[],
      critical boolean, skippable boolean, position integer, weight double precision, component text,
      max_attempts integer, retry_backoff_seconds integer, retry_max_backoff_seconds integer, timeout_seconds integer)`);
}

async function anyRigRegistered(tx: Pick<ReturnType<typeof getDb>, "select">) {
  const [rig] = await tx.select({ id: rigs.id }).from(rigs).limit(1);
  return Boolean(rig);
}
