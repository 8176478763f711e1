/**
 * Hands the tasks a transaction enqueues to this process's own worker, claimed in that
 * transaction. Without it, a started run's first attempt waits for the commit, the NOTIFY, and a
 * step of the worker's (its BEGIN, its fetch) before it is claimed; with it, the transaction that
 * enqueues the jobs fetches them too, once flushed, and claims them as the worker's step would
 * (runner.ts `claimInTransaction`), into slots the worker reserved for it. The attempts start as
 * soon as it commits. If it does not commit, the slots are free again and nothing was claimed.
 *
 * Only where this process runs a worker and it is idle (worker.ts `reserve`); otherwise the jobs
 * wait in the queue for any worker, as before: a busy worker claims in batches, which costs less
 * per attempt. The claim is pg-boss's fetch, in the queue's order, into the slots the idle worker's
 * own step would fill: priorities still order the claiming, and the worker steps no further until
 * the transaction ends, so the global concurrency still bounds it.
 */
import type { Transaction } from "@/db/client";
import type { WorkflowChanges } from "./changes";
import type { WorkflowSnapshot } from "./refresh";
import { claimInTransaction } from "./runner";
import { runningWorker, type SlotReservation } from "./worker";

export class LocalHandoff {
  private reservation: SlotReservation | null = null;
  private claimed: Awaited<ReturnType<typeof claimInTransaction>> | null = null;

  /**
   * Runs `transaction` (committed when it resolves), whose change sets flush through
   * `flushAndClaim`; then gives the worker what was claimed for it, or frees its slots if the
   * transaction failed.
   */
  async run<T>(transaction: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await transaction();
    } catch (error) {
      this.reservation?.release();
      this.reservation = null;
      this.claimed = null;
      throw error;
    }
    this.reservation?.adopt(this.claimed?.claims ?? [], this.claimed?.deferred ?? []);
    this.reservation = null;
    return result;
  }

  /**
   * In the transaction: flushes `changes` (with `flush`) and, if it enqueued jobs and the worker
   * is idle, fetches and claims for it as its step would (so other runs' queued jobs too, in the
   * queue's order). Returns the snapshots written, oldest first.
   */
  async flushAndClaim(
    tx: Transaction,
    changes: WorkflowChanges,
    flush: () => Promise<WorkflowSnapshot[]>,
  ): Promise<WorkflowSnapshot[]> {
    const enqueued = changes.jobsToEnqueue();
    const flushed = await flush();
    const worker = runningWorker();
    if (enqueued === 0 || !worker || this.reservation) return flushed;
    this.reservation = worker.reserve();
    if (!this.reservation) return flushed;
    this.claimed = await claimInTransaction(tx, changes, this.reservation.slots, this.reservation.workerId);
    return [...flushed, ...this.claimed.snapshots];
  }

  /** The runs whose tasks were claimed, as of the claim: to announce once committed. */
  get snapshots(): WorkflowSnapshot[] {
    return this.claimed?.snapshots ?? [];
  }
}
