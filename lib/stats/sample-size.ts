/**
 * How many events a run needs to show recall ≥ R with confidence C (DESIGN §9): the smallest n
 * such that a camera whose recall were exactly R would miss at most k of n events with
 * probability ≤ 1 − C, i.e. P(Binomial(n, 1 − R) ≤ k) ≤ 1 − C. With no miss, n = ⌈ln(1−C)/ln R⌉;
 * R = C = 0.95 gives 59, 93 and 124 events for 0, 1 and 2 misses.
 */
import { binomialCdf } from "./distributions";

/** Most events a plan may ask for; beyond it the answer is "more than this". */
const PLAN_EVENTS_MAX = 10_000_000;

export function eventsNeeded(minRecall: number, confidence: number, misses: number): number | null {
  if (!(minRecall > 0 && minRecall < 1) || !(confidence > 0 && confidence < 1) || misses < 0) return null;
  const enough = (n: number) => binomialCdf(misses, n, 1 - minRecall) <= 1 - confidence;
  let hi = Math.max(misses + 1, 1);
  while (!enough(hi)) {
    if (hi >= PLAN_EVENTS_MAX) return null;
    hi = Math.min(PLAN_EVENTS_MAX, hi * 2);
  }
  // The probability falls as n grows: the first n that is enough.
  let lo = misses;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export type EvidencePlan = { misses: number; events: number | null }[];

/** The events needed for 0, 1, … up to `maxMisses` misses. */
export function evidencePlan(minRecall: number, confidence: number, maxMisses: number): EvidencePlan {
  return Array.from({ length: maxMisses + 1 }, (_, misses) => ({
    misses,
    events: eventsNeeded(minRecall, confidence, misses),
  }));
}
