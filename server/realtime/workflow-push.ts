/**
 * Pushes a workflow's state, progress and changed tasks to browsers watching it (room per
 * workflow and per project) once the change is committed. Each push carries the run's version,
 * so a client can order pushes against the snapshot it loaded. While a live transport is attached
 * (./live-transport.ts) a push travels as a NOTIFY written in the change's own transaction, which
 * PostgreSQL delivers to every web process on commit; otherwise, and for a push too large for a
 * notification, it is emitted after the commit.
 */
import type { Server } from "socket.io";
import { liveRooms, type WorkflowPush } from "@/lib/live-events";
import { logger } from "../logger";
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

const roomsOf = (push: WorkflowPush) => [
  liveRooms.workflow(push.workflowId),
  liveRooms.project(push.projectId),
  liveRooms.workflows,
];

export function publishWorkflow(push: WorkflowPush): void {
  emitLive(roomsOf(push), "workflow:changed", push);
}

/** The channel of the pushes written as NOTIFY in the transaction of their change. */
export const WORKFLOW_PUSH_CHANNEL = "sightline_workflow_push";
/** PostgreSQL refuses a payload of 8,000 bytes or more; a larger push is announced after commit. */
const NOTIFY_PAYLOAD_MAX = 7_900;

/** A run's push as a notification delivered on commit, or null when it is too large for one. */
export function workflowNotice(snapshot: WorkflowSnapshot): { channel: string; payload: string } | null {
  const payload = JSON.stringify(toPush(snapshot));
  return Buffer.byteLength(payload) < NOTIFY_PAYLOAD_MAX ? { channel: WORKFLOW_PUSH_CHANNEL, payload } : null;
}

/**
 * Emits a push that arrived as a notification to this process's own browsers: every web process
 * hears the notification, so none forwards it to the others.
 */
export function deliverWorkflowPush(io: Server, payload: string): void {
  try {
    const push = JSON.parse(payload) as WorkflowPush;
    let target = io.of("/live").local.to(roomsOf(push)[0] as string);
    for (const room of roomsOf(push).slice(1)) target = target.to(room);
    target.emit("workflow:changed", push);
  } catch (error) {
    logger.warn({ err: error }, "could not deliver a run's push");
  }
}
