/**
 * Figures over several evaluations (the sessions of a video, the videos of a run): counts add
 * up, ratios are computed again from the sums, and latency statistics from all the matches
 * pooled (percentiles cannot be averaged). Matching stays inside each part. Pure.
 */
import {
  type ClassResult,
  type Counts,
  type Evaluation,
  type EvaluationSettings,
  type GroundTruthEvent,
  summarise,
} from "./evaluate";

export type Part = {
  reference: readonly GroundTruthEvent[];
  evaluation: Evaluation;
  /** Length of the part's video; null if unknown (negatives are then n/a overall). */
  durationUs: number | null;
};

export type Combined = ClassResult & { byClass: Record<string, ClassResult> };

type Sums = Omit<Counts, "tn"> & { tn: number | null };
const zero = (): Sums => ({ reference: 0, detections: 0, tp: 0, fp: 0, fn: 0, retriggers: 0, tn: 0 });

function add(into: Sums, counts: Counts): void {
  into.reference += counts.reference;
  into.detections += counts.detections;
  into.tp += counts.tp;
  into.fp += counts.fp;
  into.fn += counts.fn;
  into.retriggers += counts.retriggers;
  into.tn = into.tn === null || counts.tn === null ? null : into.tn + counts.tn;
}

export function combineEvaluations(parts: readonly Part[], settings: EvaluationSettings): Combined {
  const overall = zero();
  const latencies: number[] = [];
  const classSums = new Map<string, Sums>();
  const classLatencies = new Map<string, number[]>();
  let classed = false;
  let durationUs: number | null = 0;
  for (const part of parts) {
    add(overall, part.evaluation.counts);
    durationUs = durationUs === null || part.durationUs === null ? null : durationUs + part.durationUs;
    for (const m of part.evaluation.matches) {
      latencies.push(m.latencyMs);
      const name = part.reference[m.reference]?.class ?? "unclassified";
      const list = classLatencies.get(name);
      if (list) list.push(m.latencyMs);
      else classLatencies.set(name, [m.latencyMs]);
    }
    for (const [name, result] of Object.entries(part.evaluation.byClass)) {
      if (result.ratios.precision !== null || result.counts.detections > 0) classed = true;
      const sums = classSums.get(name) ?? { ...zero(), tn: null };
      add(sums, { ...result.counts, tn: null });
      classSums.set(name, sums);
    }
  }
  const scoped = { ...settings, durationUs };
  const { tn, ...counts } = overall;
  const byClass: Record<string, ClassResult> = {};
  for (const name of [...classSums.keys()].sort()) {
    const { tn: _none, ...own } = classSums.get(name) as Sums;
    byClass[name] = summarise(own, null, classLatencies.get(name) ?? [], scoped, classed);
  }
  return { ...summarise(counts, durationUs === null ? null : tn, latencies, scoped), byClass };
}
