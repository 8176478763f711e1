/**
 * A validation run judged from its evidence (DESIGN §4, §5, §9): every completed session
 * evaluated against its video's ground truth, then the figures per video and for the whole run,
 * each with its verdict against the run's frozen criteria. The run's verdict covers only what
 * was played: with any assigned video lacking a completed session it is `incomplete`, naming
 * them. Pure: the evidence in, the evaluation records out — so the same records can be derived
 * again from an exported copy of the evidence.
 */
import type { Verdict } from "../states";
import type { Judging, PassFailCriteria } from "../validation/project";
import { type Combined, combineEvaluations, type Part } from "./combine";
import type { StoredDetection } from "./detection-edges";
import {
  type ClassResult,
  type Counts,
  type EvaluationSettings,
  evaluateDetections,
  type GroundTruthEvent,
  type LatencyStats,
  latencyStats,
} from "./evaluate";
import { defaultConfidence, type FigureIntervals } from "./figure-intervals";
import {
  type TestCaseInput,
  type TestCaseMatrix,
  testCaseMatrix,
  type VideoWindowOutcome,
  withTestCases,
} from "./test-case-matrix";
import { type TimingBasis, type TimingInput, timingBasis } from "./timing-basis";
import {
  type CriterionResult,
  judge,
  type MissingVideo,
  notJudged,
  withCompleteness,
  withLatencyRefused,
} from "./verdict";

/** A ground-truth event as stored, with its id (matches name it). */
export type StoredGroundTruth = GroundTruthEvent & { id: string; class: string };

type SessionEvidence = {
  id: string;
  video: { id: string; fileName: string; durationMs: number | null };
  /** Its detections in sequence order (lib/analysis/detection-edges.ts). */
  detections: readonly StoredDetection[];
};

export type RunEvidence = {
  workflowId: string;
  /** The run's completed sessions, in the order they are listed (by video name, then time). */
  sessions: readonly SessionEvidence[];
  /** Ground truth by video id, in onset order. */
  truth: ReadonlyMap<string, readonly StoredGroundTruth[]>;
  /** How many videos the run assigned, and those of them without a completed session. */
  assignedVideos: number;
  missingVideos: readonly MissingVideo[];
  /** Played without a rig (simulated playback, imported files at most): never a pass (DESIGN §9). */
  dryRun?: boolean;
};

/** The figures an evaluation record keeps, overall and per video. */
export type Figures = {
  counts: Counts;
  metrics: ClassResult["ratios"];
  latency: LatencyStats;
  /**
   * The latencies as measured, where `latency` is corrected for the rigs' display latency
   * (DESIGN §12; the record's `settings.timing` says so). Absent when they are the same.
   */
  rawLatency?: LatencyStats;
  /** Absent in records made before intervals were kept. */
  intervals?: FigureIntervals;
  bounds?: FigureIntervals;
  perClass: Record<string, ClassResult>;
};

export type SessionOutcomes = {
  videoId: string;
  /** `marginMs` (deadline − detection) only on matches of events with a deadline (DESIGN §13). */
  matches: { groundTruthId: string; detectionId: number; latencyMs: number; marginMs?: number }[];
  /** Ids of the detections counted as re-triggers. */
  retriggers: number[];
  /** Ids of the detections that came before an event's not_before (absent: none). */
  early?: number[];
  /**
   * Ids of the ground-truth events evaluated and not matched: with `matches`, the events this
   * session was judged on, so two runs can be paired event by event after the ground truth was
   * edited. Absent in records made before it was kept.
   */
  missed?: string[];
  meanConfidence: number | null;
};

/** A video's timing against events' own windows (DESIGN §13): absent where it has neither a margin nor an early activation. */
type WindowFigures = { worstMarginMs: number | null; earlyActivations: number };

type VideoFigures = Figures & { fileName: string; sessions: number; verdict: Verdict; window?: WindowFigures };

export type RunOutcomes = {
  byVideo: Record<string, VideoFigures>;
  sessionEvaluationIds: string[];
  sessions: number;
  /** Absent in evaluations made before runs recorded their assignment. */
  assignedVideos?: number;
  missingVideos?: MissingVideo[];
  /** The regulation test-case matrix (DESIGN §13); absent where the run has no test case. */
  testCases?: TestCaseMatrix;
};

/** Whether stored outcomes are a run's (a session's name its video instead). */
export function isRunOutcomes(outcomes: SessionOutcomes | RunOutcomes): outcomes is RunOutcomes {
  return "byVideo" in outcomes;
}

/**
 * The matching settings, and how the record was judged (absent in records made before it was a
 * setting), and — on a run's record — the time base of its latencies (DESIGN §12).
 */
export type RecordSettings = EvaluationSettings & { judging?: Judging; timing?: TimingBasis };

type RecordBase = Figures & {
  id: string;
  workflowId: string;
  settings: RecordSettings;
  criteria: CriterionResult[];
  verdict: Verdict;
};

/** One evaluation row: of a session, or of the whole run (the newest of a run is its result). */
export type EvaluationRecord =
  | (RecordBase & { scope: "session"; sessionId: string; outcomes: SessionOutcomes })
  | (RecordBase & { scope: "workflow"; sessionId: null; outcomes: RunOutcomes });

export type RunEvaluation = {
  records: EvaluationRecord[];
  /** The run's record: the last of `records`. */
  run: Extract<EvaluationRecord, { scope: "workflow" }>;
};

function figuresOf(result: ClassResult | Combined, byClass: Record<string, ClassResult>): Figures {
  return {
    counts: result.counts,
    metrics: result.ratios,
    latency: result.latencyMs,
    intervals: result.intervals,
    bounds: result.bounds,
    perClass: byClass,
  };
}

function missedOf(truth: readonly StoredGroundTruth[], matches: readonly { reference: number }[]): string[] {
  const matched = new Set(matches.map((m) => m.reference));
  return truth.flatMap((g, i) => (matched.has(i) ? [] : [g.id]));
}

function meanConfidence(detections: readonly StoredDetection[], matched: readonly number[]): number | null {
  let sum = 0;
  let count = 0;
  for (const j of matched) {
    const confidence = detections[j]?.confidence;
    if (confidence == null) continue;
    sum += confidence;
    count++;
  }
  return count === 0 ? null : sum / count;
}

type JudgedPart = Part & { sessionId: string; videoId: string; confidence: number | null; matched: number };

const latenciesOf = (parts: readonly Pick<Part, "evaluation">[]) =>
  parts.flatMap((p) => p.evaluation.matches.map((m) => m.latencyMs));

/** Judged on several parts: the mean confidence over all their matched detections. */
function judgeParts(combined: Combined, parts: readonly JudgedPart[], criteria: PassFailCriteria, judging: Judging) {
  let sum = 0;
  let count = 0;
  for (const p of parts) {
    if (p.confidence === null) continue;
    sum += p.confidence * p.matched;
    count += p.matched;
  }
  return judge(
    { ...combined, meanConfidence: count ? sum / count : null, latenciesMs: latenciesOf(parts) },
    criteria,
    judging,
  );
}

/**
 * The run's verdict under its scope (DESIGN §9): on the aggregate figures alone, or — `every
 * video` — never better than its worst video: a failing video fails the run, an inconclusive one
 * leaves it inconclusive at best. Videos with nothing to judge (n/a) do not count.
 */
export function scopedVerdict(aggregate: Verdict, videoVerdicts: readonly Verdict[], judging: Judging): Verdict {
  if (judging.verdictScope === "aggregate") return aggregate;
  const order: Verdict[] = ["fail", "incomplete", "inconclusive", "pass"];
  const all = new Set<Verdict>([aggregate, ...videoVerdicts]);
  return order.find((v) => all.has(v)) ?? aggregate;
}

/** The run's latencies as measured: each match's corrected latency with its session's correction added back. */
function rawLatencyOf(parts: readonly JudgedPart[], settings: EvaluationSettings, basis: TimingBasis | null) {
  if (!basis || basis.basis === "raw") return {};
  const raw = parts.flatMap((p) => {
    const c = basis.corrections[p.sessionId]?.ms ?? 0;
    return p.evaluation.matches.map((m) => m.latencyMs + c);
  });
  return { rawLatency: latencyStats(raw, settings.latencyThresholdsMs) };
}

/** A video's worst margin and early activations over its sessions; null when it has neither. */
function windowFiguresOf(parts: readonly Pick<Part, "evaluation">[]): WindowFigures | null {
  let worst: number | null = null;
  let early = 0;
  for (const { evaluation } of parts) {
    early += evaluation.early.length;
    for (const m of evaluation.matches) {
      if (m.marginMs !== null && (worst === null || m.marginMs < worst)) worst = m.marginMs;
    }
  }
  return worst === null && early === 0 ? null : { worstMarginMs: worst, earlyActivations: early };
}

export function evaluateRun(
  evidence: RunEvidence,
  config: {
    settings: EvaluationSettings;
    passFailCriteria: PassFailCriteria;
    judging: Judging;
    /** The timing chain (DESIGN §12); absent in evaluations made before it was kept. */
    timing?: TimingInput;
    /** The requirement set and the videos' cases (DESIGN §13); absent where the run has none. */
    testCases?: TestCaseInput;
  },
  newId: () => string = () => crypto.randomUUID(),
): RunEvaluation {
  const { settings: base, passFailCriteria, judging } = config;
  const { workflowId } = evidence;
  const basis = timingBasis(
    config.timing,
    evidence.sessions.map((s) => s.id),
  );
  // Figures over several sessions carry the largest correction uncertainty of their rigs.
  const settings: EvaluationSettings = basis?.uncertainty ? { ...base, latencyUncertainty: basis.uncertainty } : base;
  const records: EvaluationRecord[] = [];
  const parts: JudgedPart[] = [];
  for (const session of evidence.sessions) {
    const truth = evidence.truth.get(session.video.id) ?? [];
    const durationUs = session.video.durationMs === null ? null : session.video.durationMs * 1000;
    const correction = basis?.corrections[session.id];
    const own: EvaluationSettings = correction
      ? {
          ...base,
          latencyCorrectionMs: correction.ms,
          latencyUncertainty: { standardErrorMs: correction.standardErrorMs, df: correction.df },
        }
      : base;
    const evaluation = evaluateDetections(truth, session.detections, { ...own, durationUs });
    const confidence = meanConfidence(
      session.detections,
      evaluation.matches.map((m) => m.detection),
    );
    const judgement = judge(
      { ...evaluation, meanConfidence: confidence, latenciesMs: latenciesOf([{ evaluation }]) },
      passFailCriteria,
      judging,
    );
    records.push({
      id: newId(),
      workflowId,
      sessionId: session.id,
      scope: "session",
      settings: { ...own, durationUs, judging },
      ...figuresOf(evaluation, evaluation.byClass),
      criteria: judgement.criteria,
      verdict: judgement.verdict,
      outcomes: {
        videoId: session.video.id,
        matches: evaluation.matches.flatMap((m) => {
          const groundTruth = truth[m.reference];
          const detection = session.detections[m.detection];
          return groundTruth && detection
            ? [
                {
                  groundTruthId: groundTruth.id,
                  detectionId: detection.id,
                  latencyMs: m.latencyMs,
                  ...(m.marginMs === null ? {} : { marginMs: m.marginMs }),
                },
              ]
            : [];
        }),
        retriggers: evaluation.retriggers.flatMap((j) => {
          const detection = session.detections[j];
          return detection ? [detection.id] : [];
        }),
        ...(evaluation.early.length
          ? { early: evaluation.early.flatMap((j) => (session.detections[j] ? [session.detections[j].id] : [])) }
          : {}),
        missed: missedOf(truth, evaluation.matches),
        meanConfidence: confidence,
      },
    });
    parts.push({
      reference: truth,
      evaluation,
      durationUs,
      sessionId: session.id,
      videoId: session.video.id,
      confidence,
      matched: evaluation.matches.length,
    });
  }

  const byVideo: Record<string, VideoFigures> = {};
  const windowOutcomes: Record<string, VideoWindowOutcome> = {};
  for (const { video } of evidence.sessions) {
    if (byVideo[video.id]) continue;
    const own = parts.filter((p) => p.videoId === video.id);
    const combined = combineEvaluations(own, settings);
    const window = windowFiguresOf(own);
    byVideo[video.id] = {
      fileName: video.fileName,
      sessions: own.length,
      ...figuresOf(combined, combined.byClass),
      ...rawLatencyOf(own, settings, basis),
      verdict: judgeParts(combined, own, passFailCriteria, judging).verdict,
      ...(window ? { window } : {}),
    };
    windowOutcomes[video.id] = {
      fileName: video.fileName,
      played: true,
      events: combined.counts.reference,
      detected: combined.counts.tp,
      falsePositives: combined.counts.fp,
      early: window?.earlyActivations ?? 0,
      worstMarginMs: window?.worstMarginMs ?? null,
    };
  }
  for (const missing of evidence.missingVideos) {
    windowOutcomes[missing.videoId] ??= {
      fileName: missing.fileName,
      played: false,
      events: 0,
      detected: 0,
      falsePositives: 0,
      early: 0,
      worstMarginMs: null,
    };
  }
  const matrix = config.testCases
    ? testCaseMatrix(config.testCases, windowOutcomes, settings.confidence ?? defaultConfidence)
    : null;
  const overall = combineEvaluations(parts, settings);
  const aggregate =
    parts.length === 0
      ? notJudged(passFailCriteria, "no completed test session")
      : judgeParts(overall, parts, passFailCriteria, judging);
  const scoped = scopedVerdict(
    aggregate.verdict,
    Object.values(byVideo).map((v) => v.verdict),
    judging,
  );
  const complete = withCompleteness(
    withLatencyRefused(
      // A dry run's figures say nothing of a camera on a rig: at best inconclusive.
      { ...aggregate, verdict: evidence.dryRun && scoped === "pass" ? "inconclusive" : scoped },
      basis?.refused ?? null,
    ),
    evidence.missingVideos,
  );
  // The requirement set's cases (DESIGN §13): a failing one fails the run, a missing one leaves it incomplete.
  const judgement = { ...complete, verdict: withTestCases(complete.verdict, matrix) };
  const run: RunEvaluation["run"] = {
    id: newId(),
    workflowId,
    sessionId: null,
    scope: "workflow",
    settings: { ...settings, judging, ...(basis ? { timing: basis } : {}) },
    ...figuresOf(overall, overall.byClass),
    ...rawLatencyOf(parts, settings, basis),
    criteria: judgement.criteria,
    verdict: judgement.verdict,
    outcomes: {
      byVideo,
      sessionEvaluationIds: records.map((r) => r.id),
      sessions: evidence.sessions.length,
      assignedVideos: evidence.assignedVideos,
      missingVideos: [...evidence.missingVideos],
      ...(matrix ? { testCases: matrix } : {}),
    },
  };
  records.push(run);
  return { records, run };
}
