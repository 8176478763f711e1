import type { Judging } from "../validation/project";

/** The decision rule in words, as the report states it (ISO/IEC 17025 §7.8.6). */
export function ruleSentence(judging: Judging): string {
  const level = `${+(judging.confidenceLevel * 100).toFixed(2)} %`;
  const method = judging.intervalMethod === "wilson" ? "Wilson" : "Clopper–Pearson";
  const rule =
    judging.decisionRule === "bound"
      ? `Decision rule: bound — a criterion passes when its one-sided ${level} ${method} bound meets the limit; an estimate that meets it while the bound does not is inconclusive.`
      : `Decision rule: point — a criterion passes when its estimate meets the limit (intervals at ${level}, ${method}, shown for information).`;
  const scope =
    judging.verdictScope === "every_video"
      ? "Scope: the run passes only if every video passes too."
      : "Scope: the run is judged on its aggregate figures.";
  return `${rule} ${scope}`;
}
