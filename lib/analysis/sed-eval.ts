/**
 * Compatibility with sed_eval's event-based metrics (`sed_eval.sound_event.EventBasedMetrics`,
 * optimal matching), so that users can check Sightline's figures against the tool they know:
 * - a candidate pair has the same label, its onsets within the collar, and (unless offsets are
 *   not evaluated) its offsets within max(collar, percentage_of_length × reference length);
 * - the matching is maximum (Hopcroft–Karp as sed_eval computes it, in the same visiting order,
 *   so that the same pairs come out: the substitutions below depend on which pairs were left);
 * - substitutions: leftover pairs that meet the time conditions but not the label, first fit
 *   in input order; Nfp = Nsys − Ntp − Nsubs, Nfn = Nref − Ntp − Nsubs;
 * - figures accumulate over files, matching only happens inside a file;
 * - ratios follow sed_eval's arithmetic exactly: x / (N + ε) with ε = 2⁻⁵² (so an empty list gives
 *   0, not n/a), F = 0 when P = R = 0, ER = S/(Nref+ε) + D/(Nref+ε) + I/(Nref+ε).
 * Times are seconds (doubles), compared as sed_eval compares them. Pure: no I/O.
 */

export type SedEvent = { file?: string | null; onset: number; offset: number; label?: string | null };

export type SedEvalSettings = {
  /** Seconds (sed_eval's t_collar; default 0.2). */
  collar: number;
  evaluateOnset: boolean;
  evaluateOffset: boolean;
  /** Share of the reference event's length allowed for the offset (default 0.5). */
  percentageOfLength: number;
};

export const defaultSedEvalSettings: SedEvalSettings = {
  collar: 0.2,
  evaluateOnset: true,
  evaluateOffset: true,
  percentageOfLength: 0.5,
};

type SedCounts = { nref: number; nsys: number; ntp: number; nsubs: number; nfp: number; nfn: number };
type SedFigures = SedCounts & {
  precision: number;
  recall: number;
  f1: number;
  errorRate: number;
  substitutionRate: number;
  deletionRate: number;
  insertionRate: number;
};
export type SedEvalResult = {
  overall: SedFigures;
  /** Per label, each matched on its own (substitutions do not exist within one label). */
  classWise: Record<string, SedFigures>;
  /** Matched pairs as indices into the inputs, ordered by reference index. */
  matches: { reference: number; estimate: number }[];
  files: number;
};

/** numpy.spacing(1), the ε sed_eval adds to every denominator. */
const EPS = 2 ** -52;

/** One file's events and their indices into the whole input. */
type FileEvents = { reference: number[]; estimated: number[] };

function onsetHit(r: SedEvent, e: SedEvent, s: SedEvalSettings): boolean {
  return !s.evaluateOnset || Math.abs(r.onset - e.onset) <= s.collar;
}

function offsetHit(r: SedEvent, e: SedEvent, s: SedEvalSettings): boolean {
  if (!s.evaluateOffset) return true;
  const length = r.offset - r.onset;
  return Math.abs(r.offset - e.offset) <= Math.max(s.collar, s.percentageOfLength * length);
}

/**
 * Maximum bipartite matching, Hopcroft–Karp in the formulation sed_eval (and mir_eval) use:
 * a greedy start, then phases of layering from the free left vertices and backward searches
 * from the free right ones. `graph` maps left vertices (in insertion order) to their right
 * neighbours; the result maps right vertices to left ones. Maps keep insertion order as the
 * original's dictionaries do, which is what makes the chosen matching the same.
 */
function bipartiteMatch(graph: Map<number, number[]>): Map<number, number> {
  const matching = new Map<number, number>();
  for (const [u, neighbours] of graph) {
    for (const v of neighbours) {
      if (!matching.has(v)) {
        matching.set(v, u);
        break;
      }
    }
  }
  const FIRST_LAYER = -1;
  for (;;) {
    const preds = new Map<number, number[]>();
    const unmatched: number[] = [];
    const pred = new Map<number, number>();
    for (const u of graph.keys()) pred.set(u, FIRST_LAYER);
    for (const u of matching.values()) pred.delete(u);
    let layer = [...pred.keys()];
    while (layer.length > 0 && unmatched.length === 0) {
      const newLayer = new Map<number, number[]>();
      for (const u of layer) {
        for (const v of graph.get(u) ?? []) {
          if (preds.has(v)) continue;
          const list = newLayer.get(v);
          if (list) list.push(u);
          else newLayer.set(v, [u]);
        }
      }
      layer = [];
      for (const [v, us] of newLayer) {
        preds.set(v, us);
        const owner = matching.get(v);
        if (owner !== undefined) {
          layer.push(owner);
          pred.set(owner, v);
        } else unmatched.push(v);
      }
    }
    if (unmatched.length === 0) return matching;
    const recurse = (v: number): boolean => {
      const candidates = preds.get(v);
      if (!candidates) return false;
      preds.delete(v);
      for (const u of candidates) {
        const pu = pred.get(u);
        if (pu === undefined) continue;
        pred.delete(u);
        if (pu === FIRST_LAYER || recurse(pu)) {
          matching.set(v, u);
          return true;
        }
      }
      return false;
    };
    for (const v of unmatched) recurse(v);
  }
}

/** Optimal matching of one file's (or one label's) events; pairs as [reference, estimate] local indices. */
function optimalPairs(
  reference: readonly SedEvent[],
  estimated: readonly SedEvent[],
  settings: SedEvalSettings,
): [number, number][] {
  // Graph keyed by estimate, in the order a row-major scan of the hit matrix meets them.
  const graph = new Map<number, number[]>();
  for (let j = 0; j < reference.length; j++) {
    const r = reference[j] as SedEvent;
    for (let i = 0; i < estimated.length; i++) {
      const e = estimated[i] as SedEvent;
      if ((r.label ?? null) !== (e.label ?? null)) continue;
      if (!onsetHit(r, e, settings) || !offsetHit(r, e, settings)) continue;
      const list = graph.get(i);
      if (list) list.push(j);
      else graph.set(i, [j]);
    }
  }
  return [...bipartiteMatch(graph)].sort((a, b) => a[0] - b[0]);
}

function substitutions(
  reference: readonly SedEvent[],
  estimated: readonly SedEvent[],
  pairs: readonly [number, number][],
  settings: SedEvalSettings,
): number {
  const refMatched = new Uint8Array(reference.length);
  const estMatched = new Uint8Array(estimated.length);
  for (const [j, i] of pairs) {
    refMatched[j] = 1;
    estMatched[i] = 1;
  }
  const counted = new Uint8Array(estimated.length);
  let subs = 0;
  for (let j = 0; j < reference.length; j++) {
    if (refMatched[j]) continue;
    for (let i = 0; i < estimated.length; i++) {
      if (estMatched[i] || counted[i]) continue;
      const r = reference[j] as SedEvent;
      const e = estimated[i] as SedEvent;
      if (onsetHit(r, e, settings) && offsetHit(r, e, settings)) {
        counted[i] = 1;
        subs++;
        break;
      }
    }
  }
  return subs;
}

function figures(counts: SedCounts): SedFigures {
  const precision = counts.ntp / (counts.nsys + EPS);
  const recall = counts.ntp / (counts.nref + EPS);
  const f1 = precision === 0 && recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const substitutionRate = counts.nsubs / (counts.nref + EPS);
  const deletionRate = counts.nfn / (counts.nref + EPS);
  const insertionRate = counts.nfp / (counts.nref + EPS);
  return {
    ...counts,
    precision,
    recall,
    f1,
    errorRate: substitutionRate + deletionRate + insertionRate,
    substitutionRate,
    deletionRate,
    insertionRate,
  };
}

const emptyCounts = (): SedCounts => ({ nref: 0, nsys: 0, ntp: 0, nsubs: 0, nfp: 0, nfn: 0 });

/**
 * Evaluates estimated events against reference events, file by file. `files` lists files that
 * exist but may hold no event (sed_eval's `file` alone lines), so they count as evaluated.
 */
export function sedEvalEventBased(
  reference: readonly SedEvent[],
  estimated: readonly SedEvent[],
  settings: SedEvalSettings = defaultSedEvalSettings,
  files: readonly string[] = [],
): SedEvalResult {
  const byFile = new Map<string, FileEvents>();
  const fileOf = (name: string): FileEvents => {
    let entry = byFile.get(name);
    if (!entry) {
      entry = { reference: [], estimated: [] };
      byFile.set(name, entry);
    }
    return entry;
  };
  for (const name of files) fileOf(name);
  reference.forEach((event, index) => {
    fileOf(event.file ?? "").reference.push(index);
  });
  estimated.forEach((event, index) => {
    fileOf(event.file ?? "").estimated.push(index);
  });

  const labels = [...new Set([...reference, ...estimated].map((e) => e.label ?? ""))].sort();
  const overall = emptyCounts();
  const perLabel = new Map(labels.map((label) => [label, emptyCounts()]));
  const matches: { reference: number; estimate: number }[] = [];

  for (const entry of byFile.values()) {
    const ref = entry.reference.map((k) => reference[k] as SedEvent);
    const est = entry.estimated.map((k) => estimated[k] as SedEvent);
    const pairs = optimalPairs(ref, est, settings);
    const nsubs = substitutions(ref, est, pairs, settings);
    overall.nref += ref.length;
    overall.nsys += est.length;
    overall.ntp += pairs.length;
    overall.nsubs += nsubs;
    overall.nfp += est.length - pairs.length - nsubs;
    overall.nfn += ref.length - pairs.length - nsubs;
    for (const [j, i] of pairs) {
      matches.push({ reference: entry.reference[j] as number, estimate: entry.estimated[i] as number });
    }
    for (const label of labels) {
      const own = (e: SedEvent) => (e.label ?? "") === label;
      const labelRef = ref.filter(own);
      const labelEst = est.filter(own);
      const ntp = optimalPairs(labelRef, labelEst, settings).length;
      const counts = perLabel.get(label) as SedCounts;
      counts.nref += labelRef.length;
      counts.nsys += labelEst.length;
      counts.ntp += ntp;
      counts.nfp += labelEst.length - ntp;
      counts.nfn += labelRef.length - ntp;
    }
  }
  const classWise: Record<string, SedFigures> = {};
  for (const [label, counts] of perLabel) classWise[label] = figures(counts);
  matches.sort((a, b) => a.reference - b.reference);
  return { overall: figures(overall), classWise, matches, files: byFile.size };
}
