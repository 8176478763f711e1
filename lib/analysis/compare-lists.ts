/**
 * Evaluates one event list against another in one of the three modes, as `sightline evaluate`
 * reports it: Sightline's own rules, mir_eval's onset F-measure, or sed_eval's event-based
 * metrics. Lists that name files are matched file by file and the figures accumulate. Indices in
 * the result are into the lists' event order (0-based). Pure: parsed lists in, result out.
 */

import { z } from "zod";
import { type IntervalMethod, intervalMethods, proportionInterval } from "../stats/intervals";
import { normaliseDetectionClass } from "./class-names";
import { cleanNumber } from "./clean-number";
import { defaultEvaluationSettings, evaluateDetections, f1Of, latencyStats, ratio } from "./evaluate";
import type { EventList, ParsedEvent } from "./formats";
import { onsetFMeasure } from "./onset";
import { sedEvalEventBased } from "./sed-eval";

export const evaluationModes = ["sightline", "onset", "sed-eval"] as const;

/** The options of `sightline evaluate` (milliseconds, as on the command line). */
export const compareOptionsSchema = z
  .object({
    mode: z.enum(evaluationModes).default("sightline"),
    earlyMs: z.number().min(0, "--early-ms must be 0 or more").default(defaultEvaluationSettings.earlyToleranceMs),
    windowMs: z.number().min(0, "--window-ms must be 0 or more").default(defaultEvaluationSettings.matchWindowMs),
    /** Default: 50 ms in onset mode (mir_eval), 200 ms in sed-eval mode (sed_eval). */
    collarMs: z.number().positive("--collar-ms must be more than 0").optional(),
    offset: z.boolean().default(true),
    percentageOfLength: z
      .number()
      .min(0, "--percentage-of-length must be between 0 and 1")
      .max(1, "--percentage-of-length must be between 0 and 1")
      .default(0.5),
    /** Level of the intervals (--confidence). */
    confidence: z
      .number()
      .min(0.5, "--confidence must be at least 0.5")
      .max(0.9999, "--confidence must be below 1 (at most 0.9999)")
      .default(0.95),
    /** Method of the proportions' intervals (--interval). */
    interval: z
      .enum(intervalMethods, { error: `--interval must be ${intervalMethods.join(" or ")}` })
      .default("wilson"),
  })
  .strict();
export type CompareOptions = z.output<typeof compareOptionsSchema>;

export type CompareResult = {
  counts: {
    reference: number;
    detections: number;
    tp: number;
    fp: number;
    fn: number;
    retriggers: number;
    substitutions: number;
  };
  precision: number | null;
  recall: number | null;
  f1: number | null;
  error_rate: number | null;
  latency_ms: { mean: number | null; p50: number | null; p95: number | null; p99: number | null; max: number | null };
  /**
   * The ratios' intervals; null where the ratio is undefined. Files carry no negative windows, so
   * the false-positive rate and accuracy are null here.
   */
  intervals: {
    method: IntervalMethod;
    level: number;
    precision: [number, number] | null;
    recall: [number, number] | null;
    false_positive_rate: [number, number] | null;
    accuracy: [number, number] | null;
  };
  /**
   * `margin_ms`: the reference event's deadline − the detection (DESIGN §13); null where the event
   * has no deadline (and in the peers' modes, which know no windows).
   */
  matches: { reference: number; detection: number; latency_ms: number; margin_ms: number | null }[];
  /** Sightline mode: detections (indices) that came before an event's not_before and matched nothing. */
  early_activations: number[];
};

/** A ratio as k of n, for its interval. */
type Proportion = [k: number, n: number];

/** Event indices grouped by file, in order of first mention. */
function groupByFile(reference: EventList, detections: EventList): Map<string, { ref: number[]; det: number[] }> {
  const groups = new Map<string, { ref: number[]; det: number[] }>();
  const group = (file: string | null) => {
    const key = file ?? "";
    let entry = groups.get(key);
    if (!entry) {
      entry = { ref: [], det: [] };
      groups.set(key, entry);
    }
    return entry;
  };
  reference.events.forEach((e, i) => {
    group(e.file).ref.push(i);
  });
  detections.events.forEach((e, j) => {
    group(e.file).det.push(j);
  });
  return groups;
}

const us = (seconds: number) => Math.round(seconds * 1e6);
const clean = (x: number | null) => (x === null ? null : cleanNumber(x));

function finish(
  counts: CompareResult["counts"],
  figures: Pick<CompareResult, "precision" | "recall" | "f1" | "error_rate">,
  matches: CompareResult["matches"],
  proportions: { precision: Proportion; recall: Proportion },
  options: CompareOptions,
  early: number[] = [],
): CompareResult {
  const interval = ([k, n]: Proportion) => proportionInterval(k, n, options.confidence, options.interval);
  matches.sort((a, b) => a.reference - b.reference);
  // Latencies of the seconds-based modes are differences of decimal seconds: 50.00000000000071 ms
  // is 50 ms. Ratios are left exact (they are compared with the reference tools to 1e-12).
  for (const m of matches) {
    m.latency_ms = cleanNumber(m.latency_ms);
    if (m.margin_ms !== null) m.margin_ms = cleanNumber(m.margin_ms);
  }
  const stats = latencyStats(matches.map((m) => m.latency_ms));
  return {
    counts,
    ...figures,
    latency_ms: {
      mean: clean(stats.mean),
      p50: clean(stats.p50),
      p95: clean(stats.p95),
      p99: clean(stats.p99),
      max: clean(stats.max),
    },
    intervals: {
      method: options.interval,
      level: options.confidence,
      precision: interval(proportions.precision),
      recall: interval(proportions.recall),
      false_positive_rate: null,
      accuracy: null,
    },
    matches,
    early_activations: early.sort((a, b) => a - b),
  };
}

function sightlineMode(reference: EventList, detections: EventList, options: CompareOptions): CompareResult {
  const counts = { reference: 0, detections: 0, tp: 0, fp: 0, fn: 0, retriggers: 0, substitutions: 0 };
  const matches: CompareResult["matches"] = [];
  const early: number[] = [];
  for (const { ref, det } of groupByFile(reference, detections).values()) {
    const result = evaluateDetections(
      ref.map((i) => {
        const e = reference.events[i] as ParsedEvent;
        // The app's class mapping (sightline mode only: the other modes follow their tools).
        return {
          onsetUs: us(e.onset),
          offsetUs: us(e.offset ?? e.onset),
          class: normaliseDetectionClass(e.label),
          notBeforeUs: e.notBefore == null ? null : us(e.notBefore),
          deadlineUs: e.deadline == null ? null : us(e.deadline),
        };
      }),
      det.map((j) => {
        const e = detections.events[j] as ParsedEvent;
        return {
          onsetUs: us(e.onset),
          offsetUs: e.offset === null ? null : us(e.offset),
          class: normaliseDetectionClass(e.label),
        };
      }),
      {
        ...defaultEvaluationSettings,
        earlyToleranceMs: options.earlyMs,
        matchWindowMs: options.windowMs,
      },
    );
    for (const key of ["reference", "detections", "tp", "fp", "fn", "retriggers"] as const) {
      counts[key] += result.counts[key];
    }
    for (const m of result.matches) {
      matches.push({
        reference: ref[m.reference] as number,
        detection: det[m.detection] as number,
        latency_ms: m.latencyMs,
        margin_ms: m.marginMs,
      });
    }
    for (const j of result.early) early.push(det[j] as number);
  }
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  return finish(
    counts,
    { precision, recall, f1: f1Of(precision, recall), error_rate: ratio(counts.fp + counts.fn, counts.reference) },
    matches,
    { precision: [counts.tp, counts.tp + counts.fp], recall: [counts.tp, counts.tp + counts.fn] },
    options,
    early,
  );
}

/** mir_eval's convention: a file with an empty list scores 0, not n/a; accumulated over files. */
function onsetMode(reference: EventList, detections: EventList, options: CompareOptions): CompareResult {
  const window = (options.collarMs ?? 50) / 1000;
  const matches: CompareResult["matches"] = [];
  for (const { ref, det } of groupByFile(reference, detections).values()) {
    const refTimes = ref.map((i) => (reference.events[i] as ParsedEvent).onset);
    const detTimes = det.map((j) => (detections.events[j] as ParsedEvent).onset);
    for (const m of onsetFMeasure(refTimes, detTimes, window).matches) {
      matches.push({
        reference: ref[m.reference] as number,
        detection: det[m.estimate] as number,
        latency_ms: ((detTimes[m.estimate] as number) - (refTimes[m.reference] as number)) * 1000,
        margin_ms: null,
      });
    }
  }
  const tp = matches.length;
  const nref = reference.events.length;
  const ndet = detections.events.length;
  const empty = nref === 0 || ndet === 0;
  const precision = empty ? 0 : tp / ndet;
  const recall = empty ? 0 : tp / nref;
  return finish(
    { reference: nref, detections: ndet, tp, fp: ndet - tp, fn: nref - tp, retriggers: 0, substitutions: 0 },
    {
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      error_rate: ratio(ndet - tp + nref - tp, nref),
    },
    matches,
    { precision: [tp, ndet], recall: [tp, nref] },
    options,
  );
}

function sedEvalMode(reference: EventList, detections: EventList, options: CompareOptions): CompareResult {
  const toSed = (e: ParsedEvent) => ({ file: e.file, onset: e.onset, offset: e.offset ?? e.onset, label: e.label });
  const result = sedEvalEventBased(
    reference.events.map(toSed),
    detections.events.map(toSed),
    {
      collar: (options.collarMs ?? 200) / 1000,
      evaluateOnset: true,
      evaluateOffset: options.offset,
      percentageOfLength: options.percentageOfLength,
    },
    [...reference.files, ...detections.files],
  );
  const o = result.overall;
  return finish(
    { reference: o.nref, detections: o.nsys, tp: o.ntp, fp: o.nfp, fn: o.nfn, retriggers: 0, substitutions: o.nsubs },
    { precision: o.precision, recall: o.recall, f1: o.f1, error_rate: o.errorRate },
    result.matches.map((m) => ({
      reference: m.reference,
      detection: m.estimate,
      latency_ms:
        ((detections.events[m.estimate] as ParsedEvent).onset - (reference.events[m.reference] as ParsedEvent).onset) *
        1000,
      margin_ms: null,
    })),
    { precision: [o.ntp, o.nsys], recall: [o.ntp, o.nref] },
    options,
  );
}

/**
 * A list that names no file, against one that names exactly one, is about that file (a detection
 * list for one clip rarely repeats the clip's name on every line).
 */
function sameFile(list: EventList, other: EventList): EventList {
  const names = new Set([...other.files, ...other.events.map((e) => e.file).filter((f) => f !== null)]);
  if (list.files.length > 0 || list.events.some((e) => e.file !== null) || names.size !== 1) return list;
  const [file] = [...names] as [string];
  return { ...list, files: [file], events: list.events.map((e) => ({ ...e, file })) };
}

export function compareLists(reference: EventList, detections: EventList, options: CompareOptions): CompareResult {
  const ref = sameFile(reference, detections);
  const det = sameFile(detections, reference);
  if (options.mode === "onset") return onsetMode(ref, det, options);
  if (options.mode === "sed-eval") return sedEvalMode(ref, det, options);
  return sightlineMode(ref, det, options);
}
