/**
 * The regulation test-case matrix of a run (DESIGN §13): per case, the run's videos tagged with
 * it, each video's outcome (events detected in their windows, early activations, activations in a
 * false-activation pass, the worst margin), and the case's status. A case passes only when every
 * one of its videos was played and analysed and none failed; a case no video covers is listed as
 * not covered. A run whose requirement set holds a failing case fails; one holding an uncovered
 * or incomplete case is incomplete — never a pass on partial evidence. Pure.
 */
import type { Verdict } from "../states";
import { proportionInterval } from "../stats/intervals";
import type { Confidence } from "./figure-intervals";

/** What the evaluation takes of the catalog, frozen with the run's inputs (the catalog may be edited). */
export type CaseDefinition = {
  title: string;
  regulation: string;
  paragraph: string;
  kind: "detection" | "false-activation";
  /** m/s; converts a margin in ms to metres (null: nothing moves). */
  marginSpeedMs: number | null;
  /** Parameters marked to verify against the regulation's text. */
  verify: string[];
};

export type TestCaseInput = {
  /** The project's requirement set (case ids), in its order. */
  required: string[];
  cases: Record<string, CaseDefinition>;
  /** The case each of the run's assigned videos is tagged with. */
  videoCases: Record<string, string>;
};

/** One video's outcome, as the matrix needs it. */
export type VideoWindowOutcome = {
  fileName: string;
  /** False: assigned, but without a completed, analysed session. */
  played: boolean;
  events: number;
  detected: number;
  falsePositives: number;
  early: number;
  /** The smallest deadline − detection over its matches with a deadline (ms), or null. */
  worstMarginMs: number | null;
};

export type CaseStatus = "pass" | "fail" | "incomplete" | "not covered";

type CaseRow = CaseDefinition & {
  id: string;
  required: boolean;
  status: CaseStatus;
  /** Why it is not a pass, in words (empty for a pass). */
  reasons: string[];
  videos: (VideoWindowOutcome & { videoId: string })[];
  events: number;
  detected: number;
  /** Share of its events detected in their windows, with its interval (null: no events). */
  recall: number | null;
  recallInterval: [number, number] | null;
  earlyActivations: number;
  falsePositives: number;
  worstMarginMs: number | null;
  worstMarginM: number | null;
};

export type TestCaseMatrix = {
  rows: CaseRow[];
  /** The requirement set's effect on the run: null when the project requires no case. */
  verdict: Verdict | null;
  summary: string;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function statusOf(
  definition: CaseDefinition,
  videos: readonly VideoWindowOutcome[],
): { status: CaseStatus; reasons: string[] } {
  if (videos.length === 0) return { status: "not covered", reasons: ["no video of the run shows it"] };
  const reasons: string[] = [];
  let failed = false;
  let incomplete = false;
  for (const v of videos) {
    if (!v.played) {
      incomplete = true;
      reasons.push(`${v.fileName}: not played and analysed`);
      continue;
    }
    if (definition.kind === "false-activation") {
      if (v.falsePositives > 0) {
        failed = true;
        reasons.push(`${v.fileName}: ${plural(v.falsePositives, "activation")} where none is allowed`);
      }
      continue;
    }
    if (v.events === 0) {
      incomplete = true;
      reasons.push(`${v.fileName}: no ground-truth event to detect`);
    }
    if (v.events > v.detected) {
      failed = true;
      reasons.push(
        `${v.fileName}: ${plural(v.events - v.detected, "event")} not detected in ${v.events - v.detected === 1 ? "its" : "their"} window`,
      );
    }
    if (v.early > 0) {
      failed = true;
      reasons.push(`${v.fileName}: ${plural(v.early, "early activation")}`);
    }
  }
  return { status: failed ? "fail" : incomplete ? "incomplete" : "pass", reasons };
}

export function testCaseMatrix(
  input: TestCaseInput,
  outcomes: Record<string, VideoWindowOutcome>,
  confidence: Confidence,
): TestCaseMatrix {
  const tagged = new Map<string, string[]>();
  for (const [videoId, caseId] of Object.entries(input.videoCases)) {
    const list = tagged.get(caseId);
    if (list) list.push(videoId);
    else tagged.set(caseId, [videoId]);
  }
  const required = new Set(input.required);
  // The requirement set in its order, then cases the run's videos show beyond it, by id.
  const ids = [...input.required, ...[...tagged.keys()].filter((id) => !required.has(id)).sort()];
  const rows = ids.flatMap((id): CaseRow[] => {
    const definition = input.cases[id];
    if (!definition) return [];
    const videos = (tagged.get(id) ?? [])
      .flatMap((videoId) => {
        const outcome = outcomes[videoId];
        return outcome ? [{ videoId, ...outcome }] : [];
      })
      .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
    const { status, reasons } = statusOf(definition, videos);
    const played = videos.filter((v) => v.played);
    const events = played.reduce((n, v) => n + v.events, 0);
    const detected = played.reduce((n, v) => n + v.detected, 0);
    const margins = played.flatMap((v) => (v.worstMarginMs === null ? [] : [v.worstMarginMs]));
    const worstMarginMs = margins.length ? Math.min(...margins) : null;
    return [
      {
        id,
        ...definition,
        required: required.has(id),
        status,
        reasons,
        videos,
        events,
        detected,
        recall: events ? detected / events : null,
        recallInterval: events ? proportionInterval(detected, events, confidence.level, confidence.method) : null,
        earlyActivations: played.reduce((n, v) => n + v.early, 0),
        falsePositives: played.reduce((n, v) => n + v.falsePositives, 0),
        worstMarginMs,
        worstMarginM:
          worstMarginMs === null || definition.marginSpeedMs === null
            ? null
            : (worstMarginMs / 1000) * definition.marginSpeedMs,
      },
    ];
  });
  const requiredRows = rows.filter((r) => r.required);
  const count = (s: CaseStatus) => requiredRows.filter((r) => r.status === s).length;
  const verdict: Verdict | null =
    requiredRows.length === 0
      ? null
      : count("fail") > 0
        ? "fail"
        : count("not covered") + count("incomplete") > 0
          ? "incomplete"
          : "pass";
  const parts = [
    `${count("pass")} of ${plural(requiredRows.length, "required case")} pass`,
    count("fail") ? `${count("fail")} fail` : "",
    count("not covered") ? `${count("not covered")} not covered` : "",
    count("incomplete") ? `${count("incomplete")} incomplete` : "",
  ].filter(Boolean);
  return {
    rows,
    verdict,
    summary: requiredRows.length ? parts.join(", ") : `no required case; ${plural(rows.length, "case")} shown`,
  };
}

/** The run's verdict with its requirement set's: a failing case fails it, a missing one leaves it incomplete at best. */
export function withTestCases(verdict: Verdict, matrix: TestCaseMatrix | null): Verdict {
  if (!matrix?.verdict || matrix.verdict === "pass") return verdict;
  if (matrix.verdict === "fail" || verdict === "fail") return "fail";
  return "incomplete";
}
