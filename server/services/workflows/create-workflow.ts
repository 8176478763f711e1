/** Creates a workflow for a project with its task DAG (the nine default tasks unless named). */
import { eq } from "drizzle-orm";
import { projects, rigs, workflows, workflowTasks } from "@/db/schema";
import { type CreateWorkflowInput, createWorkflowSchema } from "@/lib/validation/workflow";
import { getDb, taskRegistry } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { defaultTaskNames } from "../../tasks";
import { defaultRetryPolicy, type TaskDefinition } from "../../workflow/registry";
import { parseInput } from "../parse-input";
import { startWorkflow } from "./start-workflow";

export async function createWorkflow(raw: CreateWorkflowInput, actorId: string | null) {
  const input = parseInput(createWorkflowSchema, raw);
  let plan: TaskDefinition[];
  try {
    plan = taskRegistry().plan(input.tasks ?? defaultTaskNames);
  } catch (error) {
    throw DomainError.field("INVALID_INPUT", "tasks", (error as Error).message, error);
  }
  const id = await getDb().transaction(async (tx) => {
    const [project] = await tx.select().from(projects).where(eq(projects.id, input.projectId));
    if (!project) throw DomainError.field("NOT_FOUND", "projectId", `No project with id ${input.projectId}`);
    if (project.status !== "active") {
      throw new DomainError("ILLEGAL_STATE", `Project "${project.name}" is archived: restore it to run a validation.`);
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
    await tx.insert(workflowTasks).values(
      plan.map((task, position) => {
        const retry = { ...defaultRetryPolicy, ...input.retryPolicy, ...task.retry };
        return {
          workflowId: workflow.id,
          name: task.name,
          phase: task.phase,
          dependsOn: [...task.dependsOn],
          critical: task.critical ?? false,
          skippable: task.skippable ?? false,
          position,
          weight: task.weight ?? 1,
          component: task.component ?? null,
          maxAttempts: retry.maxAttempts,
          retryBackoffSeconds: retry.backoffSeconds,
          retryMaxBackoffSeconds: retry.maxBackoffSeconds,
          timeoutSeconds: task.timeoutSeconds ?? null,
        };
      }),
    );
    return workflow.id;
  });
  if (input.start) return startWorkflow({ id }, actorId);
  return { id };
}

async function anyRigRegistered(tx: Pick<ReturnType<typeof getDb>, "select">) {
  const [rig] = await tx.select({ id: rigs.id }).from(rigs).limit(1);
  return Boolean(rig);
}
