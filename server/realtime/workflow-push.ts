/**
 * Pushes a workflow's state, progress and changed tasks to browsers watching it (room per
 * workflow and per project), after the change is committed. Each push carries the id of the
 * newest transition, so a client can order pushes against the snapshot it loaded.
 */
import { liveRooms, type WorkflowPush } from "@/lib/live-events";
import type { WorkflowSnapshot } from "../workflow/refresh";
import { emitLive } from "./publish";

export function toPush(snapshot: WorkflowSnapshot): WorkflowPush {
  return {
    workflowId: snapshot.workflow.id,
    projectId: snapshot.workflow.projectId,
    state: snapshot.state,
    control: snapshot.workflow.control,
    progress: snapshot.progress.components,
    overallProgress: snapshot.progress.overall,
    tasks: snapshot.tasks.map((t) => ({
      name: t.name,
      state: t.state,
      progress: t.progress,
      attempt: t.attempt,
      error: t.error,
    })),
    version: snapshot.workflow.version,
    changedAt: snapshot.workflow.updatedAt.getTime(),
  };
}

export function publishWorkflow(push: WorkflowPush): void {
  emitLive(
    [liveRooms.workflow(push.workflowId), liveRooms.project(push.projectId), liveRooms.workflows],
    "workflow:changed",
    push,
  );
}
