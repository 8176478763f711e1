/** Starts a created workflow; an adaptive one first chooses its strategy from the project's size. */
import { and, count, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { groundTruthEvents, passFailCriteria, projectVideos, rigs } from "@/db/schema";
import type { ConcreteStrategy } from "@/lib/states";
import { workflowIdSchema } from "@/lib/validation/workflow";
import { type ControlContext, controlInTransaction, controlWorkflow } from "../../workflow/control";
import type { LocalHandoff } from "../../workflow/local-handoff";
import type { WorkflowSnapshot } from "../../workflow/refresh";
import { complexityScore, strategyForScore } from "../../workflow/strategies";
import { parseInput } from "../parse-input";
import { fromCriteriaRow } from "../projects/criteria-columns";

export async function startWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "start", actorId, (context) => applyStart(id, context));
  return { id: snapshot.workflow.id, state: snapshot.state };
}

/**
 * Starts a workflow created in the caller's transaction; the caller announces it once committed
 * (with what `handoff` claimed, ../../workflow/local-handoff.ts).
 */
export function startInTransaction(
  tx: Transaction,
  id: string,
  actorId: string | null,
  handoff?: LocalHandoff,
): Promise<WorkflowSnapshot> {
  return controlInTransaction(tx, id, "start", actorId, (context) => applyStart(id, context), handoff);
}

async function applyStart(id: string, { tx, changes, workflow, reason }: ControlContext) {
  let chosen = workflow.strategy as ConcreteStrategy | "adaptive";
  let score: number | null = null;
  if (chosen === "adaptive") {
    score = complexityScore(await complexityInputs(tx, workflow.projectId));
    chosen = strategyForScore(score);
  }
  changes.setWorkflow(
    id,
    { control: "running", chosenStrategy: chosen, complexityScore: score, startedAt: new Date() },
    reason,
  );
  changes.schedule(id);
}

async function complexityInputs(tx: Transaction, projectId: string) {
  const [videoCount] = await tx
    .select({ n: count() })
    .from(projectVideos)
    .where(eq(projectVideos.projectId, projectId));
  const [eventCount] = await tx
    .select({ n: count() })
    .from(groundTruthEvents)
    .innerJoin(projectVideos, eq(projectVideos.videoId, groundTruthEvents.videoId))
    .where(eq(projectVideos.projectId, projectId));
  const [criteria] = await tx.select().from(passFailCriteria).where(eq(passFailCriteria.projectId, projectId));
  const enabledCriteria = criteria ? Object.values(fromCriteriaRow(criteria)).filter((c) => c.enabled).length : 0;
  const [rigCount] = await tx
    .select({ n: count() })
    .from(rigs)
    .where(and(eq(rigs.status, "online")));
  return {
    videos: videoCount?.n ?? 0,
    groundTruthEvents: eventCount?.n ?? 0,
    enabledCriteria,
    rigs: rigCount?.n ?? 0,
  };
}
