/**
 * The task worker of a process: runs up to `concurrency` task attempts at once. Its loop writes
 * in steps, each one transaction (server/workflow/runner.ts `engineStep`): the attempts that
 * finished since the last step are settled, and as many new jobs as there are free slots are
 * fetched from pg-boss and claimed. Under load a step carries dozens of attempts, so the cost per
 * attempt falls as the rate rises; an idle worker sleeps until jobs are announced (a NOTIFY on
 * commit) or an attempt finishes, and polls only as a fallback (retries whose backoff passed).
 *
 * While the worker is idle, a transaction of this process that enqueues tasks may claim them for it
 * before it commits (./local-handoff.ts): it reserves slots here, and the attempts it claimed start
 * as soon as it commits, with no step of the worker's in between.
 *
 * It does for its jobs what pg-boss's own worker does: keeps their heartbeat fresh (a killed
 * process's jobs lapse and are taken over within seconds), aborts an attempt that outlives its
 * timeout, and on stop lets running attempts finish within a grace period, then hands the rest
 * back at once.
 */
import type { Job } from "pg-boss";
import type { Sql } from "postgres";
import { logger } from "../logger";
import { getBoss, processShared } from "../runtime/slot";
import { HEARTBEAT_SECONDS, TASK_QUEUE } from "./boss";
import { TASK_READY_CHANNEL } from "./changes";
import { type Claim, engineStep, runAttempt, type Settlement } from "./runner";
import type { TaskJob } from "./scheduler";
import { ShutdownAbort } from "./task-error";

export type WorkerOptions = {
  /** This engine instance, recorded on the tasks it runs (a restarted server takes back its predecessor's). */
  workerId: string;
  concurrency: number;
  /** Most jobs one step fetches, and most attempts one step settles. */
  maxBatch: number;
  pollIntervalMs: number;
};

export type Worker = {
  /** Stops fetching, lets running attempts finish within the grace period, then hands the rest back. */
  stop(graceSeconds: number): Promise<void>;
  /**
   * The slots a step of the idle worker would fetch into, for another transaction of this process
   * to claim on its behalf (./local-handoff.ts), held until that transaction ends. Null unless the
   * worker is idle: no attempt running, no step in flight, no other reservation open.
   */
  reserve(): SlotReservation | null;
};

export type SlotReservation = {
  slots: number;
  workerId: string;
  /**
   * The claiming transaction committed: the claimed attempts run, and the fetched jobs whose run
   * was busy are claimed by the worker's next step. The slots the claims did not use are free again.
   */
  adopt(claims: Claim[], deferred: Job<TaskJob>[]): void;
  /** It did not commit: every slot is free again. */
  release(): void;
};

/** The process's running worker, kept where both copies of the server's modules reach it. */
const current = () => processShared("taskWorker", (): { worker?: Worker } => ({}));

/** This process's task worker, while it runs one (transactions claim for it, ./local-handoff.ts). */
export function runningWorker(): Worker | undefined {
  return current().worker;
}

export function setRunningWorker(worker: Worker | undefined): void {
  current().worker = worker;
}

type Held = { claim: Claim; controller: AbortController; timer: NodeJS.Timeout };

/** How long a finished attempt whose settlement cannot be written is kept and tried again. */
const SETTLE_RETRY_MS = 60_000;

export async function startWorker(sql: Sql, options: WorkerOptions): Promise<Worker> {
  const held = new Map<string, Held>();
  const finished: Settlement[] = [];
  /** Fetched jobs whose workflow was busy: claimed by the next step (runner.ts `engineStep`). */
  const deferred: Job<TaskJob>[] = [];
  /** Whether the last fetch came back full: jobs may wait behind it, so the next walks the queue index. */
  let backlog = false;
  /** Whether another transaction holds the slots to claim for this worker (`reserve`). */
  let reserved = false;
  /** Whether a step is in flight (no reservation is made while one is). */
  let stepping = false;
  let stopping = false;
  let wake: (() => void) | null = null;
  // News that came while a step ran (a NOTIFY of jobs, an attempt finishing) is kept, so the
  // next sleep returns at once: without it such a wake-up was lost and the job waited for the
  // poll (a chain of dependent tasks then took 500 ms per hop now and then).
  let woken = false;
  const wakeUp = () => {
    if (wake) wake();
    else woken = true;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });
  const subscription = await sql.listen(TASK_READY_CHANNEL, wakeUp);

  function start(claim: Claim) {
    const controller = new AbortController();
    const seconds = claim.job.expireInSeconds;
    const timer = setTimeout(
      () => controller.abort(new Error(`the attempt timed out after ${seconds} s`)),
      seconds * 1000,
    );
    held.set(claim.job.id, { claim, controller, timer });
    void runAttempt(claim, controller.signal).then((outcome) => {
      clearTimeout(timer);
      finished.push({ claim, outcome });
      wakeUp();
    });
  }

  async function loop() {
    for (;;) {
      woken = false;
      if (reserved) {
        // A transaction is claiming for this worker (`reserve`): it has every free slot.
        await sleep(options.pollIntervalMs);
        continue;
      }
      // Attempts whose handlers return at once (started by the last step, or handed over) finish
      // first and settle in this step. Else two waves of attempts, started by different steps,
      // would settle in alternate steps for as long as the load lasts (twice the steps).
      await new Promise((resolve) => setImmediate(resolve));
      const settlements = finished.splice(0, options.maxBatch);
      const carried = deferred.splice(0);
      // Slots of the attempts settled in this step are free once it commits.
      const free = stopping ? 0 : options.concurrency - held.size - carried.length + settlements.length;
      const fetch = Math.min(Math.max(0, free), options.maxBatch);
      if (settlements.length === 0 && carried.length === 0 && fetch === 0) {
        if (stopping && held.size === 0) return;
        await sleep(options.pollIntervalMs);
        continue;
      }
      let claims: Claim[] = [];
      let fetched = 0;
      let unsettled: Settlement[] = [];
      stepping = true;
      try {
        const step = await engineStep(settlements, fetch, carried, options.workerId, { backlog });
        ({ claims, fetched } = step);
        // Beside any that a handed-over claim deferred while the step ran.
        deferred.push(...step.deferred);
        if (fetch > 0) backlog = fetched === fetch;
      } catch (error) {
        logger.error({ err: error, settlements: settlements.length }, "a worker step failed; settling one by one");
        deferred.push(...carried);
        unsettled = await settleAlone(settlements);
      } finally {
        stepping = false;
      }
      for (const s of settlements) if (!unsettled.includes(s)) held.delete(s.claim.job.id);
      // Tried again in the next steps (the database may be restarting), for a while.
      finished.unshift(...unsettled);
      for (const claim of claims) start(claim);
      // Nothing more to fetch, nothing finished, nothing deferred: wait for news.
      if (finished.length === 0 && deferred.length === 0 && fetched < fetch) await sleep(options.pollIntervalMs);
    }
  }

  /** When each settlement that could not be written first failed. */
  const failingSince = new Map<Settlement, number>();

  // A settlement that fails alone is kept and tried again — a database that restarts loses no
  // finished attempt — for SETTLE_RETRY_MS; after that it is dropped: its job's heartbeat lapses
  // and pg-boss hands the task to another attempt (at-least-once), so nothing is lost.
  async function settleAlone(settlements: Settlement[]): Promise<Settlement[]> {
    const kept: Settlement[] = [];
    for (const settlement of settlements) {
      try {
        await engineStep([settlement], 0);
        failingSince.delete(settlement);
      } catch (error) {
        const since = failingSince.get(settlement) ?? Date.now();
        failingSince.set(settlement, since);
        if (Date.now() - since < SETTLE_RETRY_MS) {
          kept.push(settlement);
          continue;
        }
        failingSince.delete(settlement);
        logger.error({ err: error, task: settlement.claim.task.name }, "could not settle a task attempt; dropped");
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
    return kept;
  }

  // Refreshes the claim of every held job; one the database no longer has under this attempt
  // (taken over elsewhere after a stall) is aborted, since its result can no longer land.
  const heartbeat = setInterval(
    async () => {
      const jobs = [...[...held.values()].map((h) => h.claim.job), ...deferred];
      if (jobs.length === 0) return;
      try {
        const touched = await getBoss().touch(TASK_QUEUE, jobs);
        // The ids it refreshed (typed loosely by pg-boss); without them, nothing is aborted.
        const alive = new Set((touched as { settled?: string[] }).settled ?? jobs.map((j) => j.id));
        for (const job of jobs) {
          if (!alive.has(job.id)) held.get(job.id)?.controller.abort(new Error("the attempt lost its claim"));
        }
      } catch (error) {
        logger.warn({ err: error }, "task heartbeat failed; trying again");
      }
    },
    (HEARTBEAT_SECONDS / 2) * 1000,
  );

  const looping = loop().catch((error) => logger.fatal({ err: error }, "the task worker stopped"));
  return {
    reserve() {
      // Only to an idle worker, one handoff at a time: a busy one fetches and claims in batches,
      // far cheaper per attempt than claims spread over the transactions that enqueue them (and
      // those would hold more runs' locks while they commit).
      if (stopping || stepping || reserved || held.size > 0 || deferred.length > 0) return null;
      // All of them, as the worker's own step would: fewer would leave the rest to a step of their
      // own, a second wave of attempts (see the loop).
      const slots = Math.min(options.concurrency, options.maxBatch);
      if (slots <= 0) return null;
      reserved = true;
      let open = true;
      const end = () => {
        if (!open) return false;
        open = false;
        reserved = false;
        wakeUp();
        return true;
      };
      return {
        slots,
        workerId: options.workerId,
        adopt(claims, jobs) {
          if (!end()) return;
          for (const claim of claims) start(claim);
          deferred.push(...jobs);
        },
        release: end,
      };
    },
    async stop(graceSeconds) {
      stopping = true;
      wakeUp();
      const grace = setTimeout(() => {
        if (held.size === 0) return;
        logger.warn({ running: held.size }, "grace period over: handing the running attempts back");
        for (const h of held.values()) h.controller.abort(new ShutdownAbort());
      }, graceSeconds * 1000);
      await looping;
      clearTimeout(grace);
      clearInterval(heartbeat);
      for (const h of held.values()) clearTimeout(h.timer);
      await subscription.unlisten().catch(() => {});
    },
  };
}
