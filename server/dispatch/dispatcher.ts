/**
 * The rig dispatcher of a process: a dispatch step (./apply-dispatch.ts) whenever something a
 * step depends on changes — a NOTIFY on DISPATCH_CHANNEL (sessions created or ended, rigs coming
 * and going, an agent starting or stopping work, a run cancelled) — and at least once a second,
 * since the liveness rules depend on time passing. It runs in every process that runs task
 * attempts, whether or not any execute_tests is running, so sessions of a cancelled or failed run
 * are closed even when no process works on that run. After each step is committed it tells the
 * rigs (stops, offers) and pushes the changes to browsers.
 */
import type { Sql } from "postgres";
import { logger } from "../logger";
import { publishSessionChanged } from "../realtime/publish";
import { calibrationAssignment } from "../services/calibrations/calibration-session";
import {
  applyDispatch,
  type DispatchStep,
  markOfferTaken,
  releaseCalibrationOffer,
  releaseOffer,
} from "./apply-dispatch";
import { DISPATCH_CHANNEL } from "./notify-dispatch";
import type { RigChannel } from "./rig-channel";
import { sessionAssignment } from "./session-assignment";

const INTERVAL_MS = 1000;
/** NOTIFYs that arrive together make one step. */
const DEBOUNCE_MS = 20;

export type Dispatcher = { stop(): Promise<void> };

export async function startDispatcher(sql: Sql, channel: RigChannel): Promise<Dispatcher> {
  let stopping = false;
  let wake: (() => void) | null = null;
  let pending = false;
  /** Database time since which steps have succeeded without a break (null after a failure). */
  let watchingSince: number | null = null;
  const inFlight = new Set<Promise<void>>();
  /** Sessions and calibrations whose offers are on their way (see DispatchInput.delivering). */
  const delivering = new Set<string>();

  const subscription = await sql
    .listen(DISPATCH_CHANNEL, () => {
      pending = true;
      wake?.();
    })
    .catch((error: unknown) => {
      // Without wake-ups the steps still run every second.
      logger.warn({ err: error }, "dispatcher could not listen for wake-ups; stepping every second");
      return null;
    });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = () => setTimeout(done, DEBOUNCE_MS);
    });

  async function loop() {
    while (!stopping) {
      pending = false;
      try {
        // As the step starts: an offer answered meanwhile has its new time written before it leaves the set.
        const step = await applyDispatch(watchingSince, new Set(delivering));
        if (step) {
          watchingSince ??= step.now;
          afterCommit(step);
        }
      } catch (error) {
        watchingSince = null;
        logger.warn({ err: error }, "dispatch step failed; trying again");
      }
      if (!pending && !stopping) await sleep(INTERVAL_MS);
    }
  }

  function afterCommit({ plan, changed }: DispatchStep) {
    for (const row of changed) publishSessionChanged(row);
    for (const c of [...plan.cancels, ...plan.interrupts]) {
      if (c.rigId) channel.stop(c.rigId, c.sessionId, c.reason);
    }
    for (const s of plan.stops) channel.stop(s.rigId, s.sessionId, s.reason);
    for (const i of plan.interrupts) logger.warn({ session: i.sessionId, reason: i.reason }, "session interrupted");
    for (const { sessionId, rigId } of plan.offers) {
      const sent = offer(sessionId, rigId).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    }
    for (const { calibrationId, rigId } of plan.calibrationOffers) {
      const sent = offerCalibration(calibrationId, rigId).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    }
    if (plan.calibrationFailures.length) {
      for (const f of plan.calibrationFailures)
        logger.warn({ calibration: f.calibrationId, reason: f.reason }, "calibration failed");
    }
  }

  /** The rig took the offer; should its time not be written, the offer's own time stands. */
  async function taken(kind: "session" | "calibration", id: string, rigId: string) {
    await markOfferTaken(kind, id, rigId).catch((error: unknown) => {
      logger.warn({ err: error, kind, id, rigId }, "could not record when a rig took its offer");
    });
  }

  async function offerCalibration(calibrationId: string, rigId: string) {
    delivering.add(calibrationId);
    try {
      const assignment = await calibrationAssignment(calibrationId);
      if (assignment && (await channel.offer(rigId, assignment)))
        return await taken("calibration", calibrationId, rigId);
      await releaseCalibrationOffer(calibrationId);
    } catch (error) {
      logger.warn({ err: error, calibrationId, rigId }, "could not offer a calibration");
      await releaseCalibrationOffer(calibrationId).catch(() => {});
    } finally {
      delivering.delete(calibrationId);
    }
  }

  async function offer(sessionId: string, rigId: string) {
    delivering.add(sessionId);
    try {
      const assignment = await sessionAssignment(sessionId);
      if (assignment && (await channel.offer(rigId, assignment))) return await taken("session", sessionId, rigId);
      for (const row of await releaseOffer(sessionId, rigId)) publishSessionChanged(row);
    } catch (error) {
      // The offer stands; the liveness rules give it back if the rig never starts it.
      logger.warn({ err: error, sessionId, rigId }, "could not offer a session");
    } finally {
      delivering.delete(sessionId);
    }
  }

  const looping = loop();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await looping;
      await Promise.allSettled([...inFlight]);
      await subscription?.unlisten().catch(() => {});
    },
  };
}
