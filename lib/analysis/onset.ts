/**
 * Compatibility with mir_eval's `onset.f_measure`: reference and estimated onsets in seconds, a
 * symmetric window (default 0.05 s), one-to-one maximum-cardinality matching. The window test is
 * mir_eval's own, in floating point: an estimate e hits a reference r when
 * `e − window <= r <= e + window` (its `_fast_hit_windows`), so results agree at the window's
 * edges too. Like mir_eval, an empty list gives 0 for all three figures (Sightline's own mode
 * says n/a instead).
 */
import { matchPointsToWindows, type Pair } from "./match";

export type OnsetResult = {
  precision: number;
  recall: number;
  f1: number;
  /** Index pairs into the inputs: reference i matched with estimate j. */
  matches: { reference: number; estimate: number }[];
};

/** mir_eval's default window, in seconds. */
const ONSET_WINDOW_SECONDS = 0.05;

export function onsetFMeasure(
  reference: readonly number[],
  estimated: readonly number[],
  windowSeconds = ONSET_WINDOW_SECONDS,
): OnsetResult {
  if (reference.length === 0 || estimated.length === 0) return { precision: 0, recall: 0, f1: 0, matches: [] };
  // Points are the references; each estimate opens the window [e − w, e + w].
  const windows = estimated.map((e) => ({ lo: e - windowSeconds, hi: e + windowSeconds }));
  const pairs: Pair[] = matchPointsToWindows(reference, windows);
  const precision = pairs.length / estimated.length;
  const recall = pairs.length / reference.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const matches = pairs
    .map((p) => ({ reference: p.point, estimate: p.window }))
    .sort((a, b) => a.reference - b.reference);
  return { precision, recall, f1, matches };
}
