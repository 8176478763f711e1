/**
 * How well a video serves a project, as a score in [0, 1] with the reason in words. Pure: the
 * assignment screen, the assign_videos task and the REST route all score with this one rule.
 *
 * Weights: camera view 0.4 (tagged with the project's view 1, untagged 0.5), coverage of the VRU
 * classes the project needs 0.25, of its scenarios 0.15, ground truth 0.2 (reviewed 1, draft 0.5,
 * none 0). A video tagged with another view scores 0 whatever else it has: it tests nothing of
 * this camera. A video is eligible for a run when its view does not contradict the
 * project's and its ground truth is usable (reviewed, or a draft when the project allows drafts).
 */
import type { VideoTags } from "@/db/schema";
import { videoViewOf } from "@/lib/validation/project";

export type ScoredProject = {
  cameraView: string;
  requiredVruClasses: readonly string[];
  requiredScenarios: readonly string[];
  allowDraftGroundTruth: boolean;
};
export type ScoredVideo = {
  tags: VideoTags;
  groundTruthStatus: "none" | "draft" | "reviewed";
  /** Classes present in the video's ground-truth events. */
  groundTruthClasses: readonly string[];
};
export type VideoScore = { score: number; reason: string; eligible: boolean };

const WEIGHTS = { view: 0.4, classes: 0.25, scenarios: 0.15, groundTruth: 0.2 } as const;

export function scoreVideo(project: ScoredProject, video: ScoredVideo): VideoScore {
  const reasons: string[] = [];
  const problems: string[] = [];

  const view = video.tags.cameraView;
  const wanted = videoViewOf(project.cameraView);
  let viewScore = 0.5;
  if (!view) reasons.push("camera view not tagged");
  else if (view === wanted) {
    viewScore = 1;
    reasons.push(`${view} view matches`);
  } else {
    viewScore = 0;
    problems.push(`${view} view, project needs ${wanted}`);
  }

  const present = new Set([...(video.tags.vruClasses ?? []), ...video.groundTruthClasses]);
  const needed = project.requiredVruClasses;
  const covered = needed.filter((c) => present.has(c));
  const classScore = needed.length === 0 ? 1 : covered.length / needed.length;
  if (needed.length > 0) {
    const missing = needed.filter((c) => !present.has(c));
    if (covered.length) reasons.push(`covers ${covered.join(", ")}`);
    if (missing.length) reasons.push(`lacks ${missing.join(", ")}`);
  }

  const scenario = typeof video.tags.scenario === "string" ? video.tags.scenario : undefined;
  let scenarioScore = 1;
  if (project.requiredScenarios.length > 0) {
    const wanted = project.requiredScenarios.map((s) => s.toLowerCase());
    scenarioScore = scenario && wanted.includes(scenario.toLowerCase()) ? 1 : 0;
    reasons.push(scenario ? `scenario ${scenario}${scenarioScore ? " needed" : " not needed"}` : "scenario not tagged");
  }

  const status = video.groundTruthStatus;
  const truthScore = status === "reviewed" ? 1 : status === "draft" ? 0.5 : 0;
  if (status === "reviewed") reasons.push("ground truth reviewed");
  else if (status === "draft") {
    if (project.allowDraftGroundTruth) reasons.push("draft ground truth (allowed)");
    else problems.push("ground truth not reviewed");
  } else problems.push("no ground truth");

  const score =
    viewScore === 0
      ? 0
      : WEIGHTS.view * viewScore +
        WEIGHTS.classes * classScore +
        WEIGHTS.scenarios * scenarioScore +
        WEIGHTS.groundTruth * truthScore;
  const usableTruth = status === "reviewed" || (status === "draft" && project.allowDraftGroundTruth);
  return {
    score: Math.round(score * 100) / 100,
    reason: [...problems, ...reasons].join("; "),
    eligible: viewScore > 0 && usableTruth,
  };
}
