/**
 * Writes of a rig's state (online or not, what its agent says it does) in the order they
 * happened, one at a time per rig in this process. Heartbeats come every second and their writes
 * are not awaited by the socket; after a database hiccup, queued writes would otherwise commit in
 * any order, and an older account landing last would tell the dispatcher that the agent no longer
 * plays the session it just took. Only the newest waiting heartbeat is kept.
 */
import type { AgentState } from "@/lib/rig-protocol";
import { logger } from "../logger";
import { recordHeartbeat } from "../services/rigs/rig-presence";

type Heartbeat = { state: AgentState; receivedAt: number };
type Queue = { busy: boolean; ops: (() => Promise<void>)[]; heartbeat: Heartbeat | null };

const queues = new Map<string, Queue>();

function queueOf(rigId: string): Queue {
  let queue = queues.get(rigId);
  if (!queue) {
    queue = { busy: false, ops: [], heartbeat: null };
    queues.set(rigId, queue);
  }
  return queue;
}

async function drain(rigId: string, queue: Queue): Promise<void> {
  queue.busy = true;
  for (;;) {
    const op = queue.ops.shift();
    if (!op) break;
    await op().catch((error: unknown) => logger.warn({ err: error, rigId }, "could not record a rig's state"));
  }
  queue.busy = false;
  if (queue.ops.length === 0) queues.delete(rigId);
}

/** Runs a write after the rig's earlier ones. */
export function inRigOrder(rigId: string, op: () => Promise<void>): void {
  const queue = queueOf(rigId);
  queue.ops.push(op);
  if (!queue.busy) void drain(rigId, queue);
}

/**
 * A heartbeat: written after the rig's earlier writes; a newer one replaces one still waiting.
 * The rig was last seen when the heartbeat arrived, not when its write got its turn: under load
 * that turn came seconds later, and an account older than a session's offer then looked newer than
 * it, which the dispatcher reads as the agent not taking the session.
 */
export function heartbeatInOrder(rigId: string, state: AgentState, receivedAt = Date.now()): void {
  const queue = queueOf(rigId);
  const waiting = queue.heartbeat !== null;
  queue.heartbeat = { state, receivedAt };
  if (waiting) return;
  inRigOrder(rigId, async () => {
    const latest = queue.heartbeat;
    queue.heartbeat = null;
    if (latest) await recordHeartbeat(rigId, latest.state, Date.now() - latest.receivedAt);
  });
}

/**
 * Resolves once no rig's writes are waiting or running, or after `timeoutMs`: for the end of a
 * test file, whose database is dropped (its connections cut) right after, and a write cut off
 * mid-send can crash the postgres driver (porsager/postgres#1154).
 */
export async function rigStateWritesSettled(timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (queues.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
