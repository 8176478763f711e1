/**
 * The time base of a run's latencies (DESIGN §12): whether they are corrected for the display
 * latency of the rigs that played them, and what else the timing chain says of them. Pure: the
 * calibrations in force when each session played, the sessions' clock records and the project's
 * rules in; the basis, per-session corrections, warnings and any refusal out.
 *
 * Decided (docs/decisions.md, "The timing chain"):
 * - latencies are corrected only when every session's rig had a completed calibration when the
 *   session played (the newest one finished before it started); one uncalibrated session and the
 *   whole run is reported as measured, saying which rig lacks one — never a mix of time bases;
 * - the correction of a session is its calibration's mean; its uncertainty is the standard error
 *   of that mean (t with n − 1 degrees of freedom), added in quadrature to the half-widths of each
 *   latency percentile's interval; over several rigs the largest standard error is used;
 * - the project's calibration bounds (age in days when the session played, SD) apply once either
 *   is set, to every session's rig, a missing calibration included: `warn` lists the breaches,
 *   `refuse` leaves the latency criterion unjudged (inconclusive) with the reason;
 * - a session whose clock offset to the server moved more than the project's bound is flagged;
 * - a rig whose display drifts more than 100 ppm is warned of: its correction is a mean.
 */
import type { TimingRules } from "../validation/project";

export type CalibrationUsed = {
  id: string;
  /** When it finished (ISO 8601). */
  finishedAt: string;
  meanMs: number;
  sdMs: number;
  /** Flashes paired: its sample size. */
  paired: number;
  driftPpm: number | null;
  /** Whole days between the calibration and the session's start. */
  ageDays: number;
};

export type SessionTiming = {
  rigId: string | null;
  rigName: string | null;
  source: string | null;
  eventClock: string | null;
  calibration: CalibrationUsed | null;
  /** The clock record through the session: how far the offset moved, the longest round trip. */
  clock: { samples: number; offsetChangeMs: number; worstRttMs: number } | null;
};

/** What the run's timing is judged from: kept with the evaluation's configuration. */
export type TimingInput = { rules: TimingRules; sessions: Record<string, SessionTiming> };

type LatencyCorrection = { ms: number; standardErrorMs: number; df: number };

export type TimingBasis = {
  basis: "corrected" | "raw";
  /** One sentence: which time base, and why. */
  statement: string;
  /** The correction of each session (corrected basis only). */
  corrections: Record<string, LatencyCorrection>;
  /** The uncertainty added to the run's latency intervals (the largest of its rigs'). */
  uncertainty: { standardErrorMs: number; df: number } | null;
  /** Calibration bounds breached under `warn`, and sessions whose clock moved too far. */
  warnings: string[];
  /** Under `refuse`: why the latency criterion is not judged. */
  refused: string | null;
  clock: {
    boundMs: number;
    worstOffsetChangeMs: number | null;
    worstRttMs: number | null;
    flagged: { sessionId: string; offsetChangeMs: number }[];
  };
};

const ms = (v: number) => `${v.toFixed(1)} ms`;
/** A drift above this (6 ms a minute) is worth a warning. */
const DRIFT_WARN_PPM = 100;

function breaches(rules: TimingRules, s: SessionTiming): string[] {
  if (rules.calibrationMaxAgeDays === null && rules.calibrationMaxSdMs === null) return [];
  if (!s.rigId) return ["imported detection files have no rig, so no display calibration"];
  const rig = `rig ${s.rigName ?? s.rigId}`;
  const c = s.calibration;
  if (!c) return [`${rig} had no display calibration`];
  const out: string[] = [];
  if (rules.calibrationMaxAgeDays !== null && c.ageDays > rules.calibrationMaxAgeDays) {
    out.push(`${rig}'s calibration was ${c.ageDays} days old (the project allows ${rules.calibrationMaxAgeDays})`);
  }
  if (rules.calibrationMaxSdMs !== null && c.sdMs > rules.calibrationMaxSdMs) {
    out.push(`${rig}'s display latency spreads ${ms(c.sdMs)} SD (the project allows ${ms(rules.calibrationMaxSdMs)})`);
  }
  return out;
}

export function timingBasis(input: TimingInput | undefined, sessionIds: readonly string[]): TimingBasis | null {
  if (!input) return null;
  const sessions = sessionIds.map((id) => ({ id, timing: input.sessions[id] }));
  const without = sessions.filter((s) => !s.timing?.calibration);
  const uncalibrated = [
    ...new Set(without.flatMap((s) => (s.timing?.rigId ? [`rig ${s.timing.rigName ?? s.timing.rigId}`] : []))),
  ];
  // Sessions without a rig were imported from detection files: nothing says how they were timed.
  const imported = without.some((s) => !s.timing?.rigId);
  const corrected = sessions.length > 0 && without.length === 0;
  const corrections: Record<string, LatencyCorrection> = {};
  let uncertainty: TimingBasis["uncertainty"] = null;
  if (corrected) {
    for (const { id, timing } of sessions) {
      const c = timing?.calibration as CalibrationUsed;
      const correction = { ms: c.meanMs, standardErrorMs: c.sdMs / Math.sqrt(c.paired), df: c.paired - 1 };
      corrections[id] = correction;
      if (!uncertainty || correction.standardErrorMs > uncertainty.standardErrorMs) {
        uncertainty = { standardErrorMs: correction.standardErrorMs, df: correction.df };
      }
    }
  }
  const rigs = new Map<string, CalibrationUsed>();
  for (const { timing } of sessions) if (timing?.calibration) rigs.set(timing.rigName ?? "unknown", timing.calibration);
  const statement = corrected
    ? `Latencies corrected for the display latency of ${[...rigs]
        .map(([name, c]) => `rig ${name} (${ms(c.meanMs)}, calibrated ${c.finishedAt.slice(0, 10)})`)
        .join(", ")}; raw figures shown beside them.`
    : sessions.length === 0
      ? "No session to time."
      : `Latencies as measured, without a display correction: ${[
          ...(uncalibrated.length
            ? [`${uncalibrated.join(", ")} had no calibration when ${uncalibrated.length === 1 ? "it" : "they"} played`]
            : []),
          ...(imported ? ["imported detection files carry no display calibration"] : []),
        ].join("; ")}.`;

  const breached = [...new Set(sessions.flatMap((s) => (s.timing ? breaches(input.rules, s.timing) : [])))];
  const boundMs = input.rules.maxClockOffsetChangeMs;
  const clocks = sessions.flatMap((s) => (s.timing?.clock ? [{ id: s.id, ...s.timing.clock }] : []));
  const flagged = clocks
    .filter((c) => c.offsetChangeMs > boundMs)
    .map((c) => ({ sessionId: c.id, offsetChangeMs: c.offsetChangeMs }));
  // The correction is a calibration's mean: a display that drifts fast makes it wrong over a long video.
  const drifting = [...rigs]
    .filter(([, c]) => c.driftPpm !== null && Math.abs(c.driftPpm) > DRIFT_WARN_PPM)
    .map(
      ([name, c]) =>
        `rig ${name}'s display drifts ${Math.round(c.driftPpm as number)} ppm (${ms(Math.abs(c.driftPpm as number) * 0.06)} a minute of video): its correction is the calibration's mean, right only near the calibration video's middle`,
    );
  const warnings = [
    ...(input.rules.calibrationRule === "warn" ? breached : []),
    ...(corrected ? drifting : []),
    ...(flagged.length
      ? [
          `${flagged.length} session${flagged.length === 1 ? "'s" : "s'"} clock offset moved more than ${ms(boundMs)} (worst ${ms(Math.max(...flagged.map((f) => f.offsetChangeMs)))})`,
        ]
      : []),
  ];
  return {
    basis: corrected ? "corrected" : "raw",
    statement,
    corrections,
    uncertainty,
    warnings,
    refused: input.rules.calibrationRule === "refuse" && breached.length ? breached.join("; ") : null,
    clock: {
      boundMs,
      worstOffsetChangeMs: clocks.length ? Math.max(...clocks.map((c) => c.offsetChangeMs)) : null,
      worstRttMs: clocks.length ? Math.max(...clocks.map((c) => c.worstRttMs)) : null,
      flagged,
    },
  };
}

/** How far a session's clock offset moved, and its longest round trip (ms), from its samples. */
export function clockSummary(samples: readonly { offsetNs: string; rttNs: number }[] | null): SessionTiming["clock"] {
  if (!samples || samples.length === 0) return null;
  let lo = BigInt(samples[0]?.offsetNs as string);
  let hi = lo;
  let rtt = 0;
  for (const s of samples) {
    const o = BigInt(s.offsetNs);
    if (o < lo) lo = o;
    if (o > hi) hi = o;
    if (s.rttNs > rtt) rtt = s.rttNs;
  }
  return { samples: samples.length, offsetChangeMs: Number(hi - lo) / 1e6, worstRttMs: rtt / 1e6 };
}
