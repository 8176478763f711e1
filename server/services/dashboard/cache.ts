/**
 * The dashboard's answers are the same for every signed-in user and are asked for by many
 * managers at once; each is kept per input so that a burst of viewers costs one query. An answer
 * older than DASHBOARD_REFRESH_MS is computed again in the background while the kept one is still
 * given, so no viewer of a busy dashboard waits for a query: figures are at most that old plus one
 * query while they are being asked for, and never older than DASHBOARD_CACHE_MS. Live progress
 * reaches the page by push regardless.
 */

import { processShared } from "../../runtime/slot";
import { ShortCache } from "../../short-cache";

const DASHBOARD_REFRESH_MS = 3_000;
const DASHBOARD_CACHE_MS = 10_000;

const cache = () =>
  processShared(
    "dashboardAnswers",
    () => new ShortCache<unknown>(DASHBOARD_CACHE_MS, 2_000, { refreshAfterMs: DASHBOARD_REFRESH_MS }),
  );

/**
 * The kept answer is frozen: it is shared by every caller, must not be changed by any, and a
 * frozen answer is serialized once for all of them (server/trpc.ts).
 */
export function cachedAnswer<T>(name: string, input: unknown, compute: () => Promise<T>): Promise<T> {
  return cache().get(`${name}:${JSON.stringify(input)}`, () =>
    compute().then((value) => Object.freeze(value)),
  ) as Promise<T>;
}

/** For tests that change the data and read it back at once. */
export function forgetDashboardAnswers(): void {
  cache().clear();
}
