/**
 * The dashboard's answers are the same for every signed-in user and are asked for by many
 * managers at once; each is kept DASHBOARD_CACHE_MS per input so that a burst of viewers costs
 * one query. Live progress reaches the page by push regardless; figures are at most this old.
 */

import { processShared } from "../../runtime/slot";
import { ShortCache } from "../../short-cache";

const DASHBOARD_CACHE_MS = 3_000;

const cache = () => processShared("dashboardAnswers", () => new ShortCache<unknown>(DASHBOARD_CACHE_MS, 2_000));

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
