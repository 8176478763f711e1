/**
 * UN R151's geometry as times (Annex 3's formulas; DESIGN §13): for a vehicle speed, a bicycle
 * speed and an impact position, the distances before the collision point of line A (where the
 * bicycle starts its 8 s run), line C (the last point of information, d_c) and line D (d_d), and
 * the moments the vehicle crosses C and D relative to the moment it reaches the collision point.
 * An engineer who knows the frame of the collision point on a recorded video places
 * `not_before` (line D) and `deadline` (line C) from them. Pure.
 */
import r151 from "./r151.json";

const { t_react_s: reactionS, a_ms2: deceleration } = r151.formulas;

export type R151Input = {
  vehicleSpeedKmh: number;
  bicycleSpeedKmh: number;
  /** Metres (0–6 in the regulation's cases). */
  impactPositionM: number;
  /** The collision point's time on the video (s), to place the window; optional. */
  collisionTimeS?: number | null;
};

export type R151Timing = {
  /** The bicycle's run from line A: 8 s at its speed (m). */
  dAM: number;
  /** Line C, the last point of information, before the collision point (m). */
  dCM: number;
  /** Line D, before the collision point (m). */
  dDM: number;
  /** When the vehicle crosses C and D, relative to the collision (s, negative: before). */
  lpiS: number;
  lineDS: number;
  /** With a collision time: the event's window on the video (s). */
  window: { notBeforeS: number; deadlineS: number } | null;
};

export class R151InputError extends Error {}

/** d_c = max(15 m; v·t_react + v²/(2|a|)), v in m/s (Annex 3; Appendix 1 Table 2 lists it for 25–30 km/h). */
export function lpiDistanceM(vehicleSpeedKmh: number): number {
  const v = vehicleSpeedKmh / 3.6;
  return Math.max(15, v * reactionS + (v * v) / (2 * Math.abs(deceleration)));
}

export function r151Timing(input: R151Input): R151Timing {
  const { vehicleSpeedKmh, bicycleSpeedKmh, impactPositionM } = input;
  if (!(vehicleSpeedKmh > 0 && vehicleSpeedKmh <= 60)) {
    throw new R151InputError(
      "The vehicle speed must be above 0 and at most 60 km/h (R151's dynamic test: the vehicle moves).",
    );
  }
  if (!(bicycleSpeedKmh > 0 && bicycleSpeedKmh <= 60)) {
    throw new R151InputError("The bicycle speed must be above 0 and at most 60 km/h.");
  }
  if (!(impactPositionM >= 0 && impactPositionM <= 20)) {
    throw new R151InputError("The impact position must be between 0 and 20 m (the regulation's cases use 0–6 m).");
  }
  const v = vehicleSpeedKmh / 3.6;
  const dCM = lpiDistanceM(vehicleSpeedKmh);
  const dDM = dCM + 4 * v + (6 - impactPositionM);
  const lpiS = -dCM / v;
  const lineDS = -dDM / v;
  const t = input.collisionTimeS;
  if (t != null && !(Number.isFinite(t) && t >= 0))
    throw new R151InputError("The collision time must be a time on the video, in seconds (0 or more).");
  return {
    dAM: 8 * (bicycleSpeedKmh / 3.6),
    dCM,
    dDM,
    lpiS,
    lineDS,
    window: t == null ? null : { notBeforeS: t + lineDS, deadlineS: t + lpiS },
  };
}
