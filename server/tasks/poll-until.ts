/**
 * The loop of a task that waits on the world (rigs playing, events arriving): a step every
 * `intervalMs` until one returns a result. A step that throws — the database restarting, say —
 * is tried again, for up to `outageMs` of failures in a row: a waiting task outlives a short
 * outage instead of spending an attempt on it. Permanent failures and aborts end it at once.
 */
import { logger } from "../logger";
import { isPermanent } from "../workflow/task-error";
import { abortableDelay } from "./abortable-delay";

export async function pollUntil<T>(
  step: () => Promise<T | undefined>,
  options: { signal: AbortSignal; intervalMs: number; outageMs?: number; label: string },
): Promise<T> {
  const outageMs = options.outageMs ?? 60_000;
  let failingSince: number | null = null;
  for (;;) {
    options.signal.throwIfAborted();
    let result: T | undefined;
    try {
      result = await step();
      failingSince = null;
    } catch (error) {
      if (options.signal.aborted || isPermanent(error)) throw error;
      failingSince ??= Date.now();
      if (Date.now() - failingSince > outageMs) throw error;
      logger.warn({ err: error, task: options.label }, "a waiting task's step failed; trying again");
    }
    if (result !== undefined) return result;
    await abortableDelay(options.intervalMs, options.signal);
  }
}
