/**
 * Two detection lists against one reference, compared as two runs (DESIGN §10), as
 * `sightline compare` prints it: each list matched to the reference in the chosen mode (as
 * `sightline evaluate` does), each reference event paired by its index, then `compareRuns`.
 * Files named in the lists are the bootstrap's clusters; with one file, its events are. Pure.
 */
import { z } from "zod";
import { compareLists, compareOptionsSchema } from "./compare-lists";
import { type ClusterInfo, compareRuns, MAX_RESAMPLES, type PairedEvent, type RunComparison } from "./compare-runs";
import type { EventList } from "./formats";

export const compareFilesOptionsSchema = compareOptionsSchema
  .pick({ mode: true, earlyMs: true, windowMs: true, collarMs: true, offset: true, percentageOfLength: true })
  .extend({
    confidence: compareOptionsSchema.shape.confidence,
    seed: z
      .number()
      .int("--seed must be a whole number")
      .min(0, "--seed must be 0 or more")
      .max(2 ** 32 - 1, "--seed must be below 2^32")
      .default(1),
    resamples: z
      .number()
      .int("--resamples must be a whole number")
      .min(100, "--resamples must be at least 100")
      .max(MAX_RESAMPLES, `--resamples must be at most ${MAX_RESAMPLES}`)
      .default(2000),
  })
  .strict();
export type CompareFilesOptions = z.output<typeof compareFilesOptionsSchema>;

export type FilesComparison = {
  paired: { both: number; a_only: number; b_only: number; neither: number };
  mcnemar_p: number;
  recall: RunComparison<number>["recall"];
  latency_ms: RunComparison<number>["latency_ms"];
  changed: { reference: number; in: "a" | "b" }[];
  events: number;
  recall_ci: RunComparison<number>["recall_ci"];
  bootstrap: Omit<RunComparison<number>["bootstrap"], "unit"> & { unit: "file" | "event" };
  false_positives: { a: number; b: number };
  mode: string;
};

export function compareFiles(
  reference: EventList,
  a: EventList,
  b: EventList,
  options: CompareFilesOptions,
): FilesComparison {
  const matching = { ...options, interval: "wilson" as const };
  const resultA = compareLists(reference, a, matching);
  const resultB = compareLists(reference, b, matching);
  const latencyA = new Map(resultA.matches.map((m) => [m.reference, m.latency_ms]));
  const latencyB = new Map(resultB.matches.map((m) => [m.reference, m.latency_ms]));
  const events: PairedEvent<number>[] = reference.events.map((e, i) => ({
    reference: i,
    cluster: e.file ?? "",
    a: latencyA.get(i) ?? null,
    b: latencyB.get(i) ?? null,
  }));
  const clusters: ClusterInfo[] = [...new Set(events.map((e) => e.cluster))].map((id) => ({
    id,
    label: id,
    hours: null,
    falsePositives: { a: 0, b: 0 },
  }));
  const c = compareRuns(events, clusters, {
    level: options.confidence,
    seed: options.seed,
    resamples: options.resamples,
  });
  return {
    paired: c.paired,
    mcnemar_p: c.mcnemar_p,
    recall: c.recall,
    latency_ms: c.latency_ms,
    changed: c.changed.map(({ reference, in: side }) => ({ reference, in: side })),
    events: c.events,
    recall_ci: c.recall_ci,
    bootstrap: { ...c.bootstrap, unit: c.bootstrap.unit === "video" ? "file" : "event" },
    false_positives: { a: resultA.counts.fp, b: resultB.counts.fp },
    mode: options.mode,
  };
}
