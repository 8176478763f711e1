/**
 * The evaluation of a bundle derived again from the bundle's own inputs, with the code that made
 * it: a run's records from its configuration, ground truth and detection edges (evaluateRun), an
 * offline evaluation from its two event files and options (compareLists). The derived results are
 * then compared, exactly, with the stored ones.
 */
import { type CompareOptions, type CompareResult, compareLists } from "@/lib/analysis/compare-lists";
import { detectionsOf, type StoredEdge } from "@/lib/analysis/detection-edges";
import { type EvaluationRecord, evaluateRun, type StoredGroundTruth } from "@/lib/analysis/evaluate-run";
import type { EvaluationConfig } from "@/lib/analysis/evaluation-config";
import { parseEventList } from "@/lib/analysis/formats";
import { runSettings } from "@/lib/analysis/run-settings";
import type { MissingVideo } from "@/lib/analysis/verdict";
import { type BundleFiles, type Check, firstDifference, type Manifest, readJson } from "./bundle";

export type RunInputs = {
  workflowId: string;
  assignedVideos: number;
  missingVideos: MissingVideo[];
  dryRun: boolean;
};

export type SessionInput = {
  id: string;
  video: { id: string; fileName: string; durationMs: number | null };
  edges: StoredEdge[];
};

export const RUN_FILES = {
  run: "inputs/run.json",
  config: "inputs/config.json",
  groundTruth: "inputs/ground-truth.json",
  sessions: "inputs/sessions.json",
  results: "results.json",
} as const;

export const OFFLINE_FILES = { options: "inputs/options.json", results: "results.json" } as const;

function rerunRun(files: BundleFiles): { stored: unknown; derived: unknown } {
  const run = readJson<RunInputs>(files, RUN_FILES.run);
  const config = readJson<EvaluationConfig>(files, RUN_FILES.config);
  const groundTruth = readJson<Record<string, StoredGroundTruth[]>>(files, RUN_FILES.groundTruth);
  const sessions = readJson<SessionInput[]>(files, RUN_FILES.sessions);
  const stored = readJson<{ records: EvaluationRecord[] }>(files, RUN_FILES.results);
  // The same ids in the same order: the records are compared whole.
  const ids = stored.records.map((r) => r.id);
  let next = 0;
  const derived = evaluateRun(
    {
      workflowId: run.workflowId,
      sessions: sessions.map((s) => ({ id: s.id, video: s.video, detections: detectionsOf(s.edges) })),
      truth: new Map(Object.entries(groundTruth)),
      assignedVideos: run.assignedVideos,
      missingVideos: run.missingVideos,
      dryRun: run.dryRun,
    },
    {
      settings: runSettings({
        latencyThresholds: config.latencyThresholds,
        parameters: config.parameters,
        judging: config.judging,
      }),
      passFailCriteria: config.passFailCriteria,
      judging: config.judging,
      timing: config.timing,
      testCases: config.testCases,
    },
    () => ids[next++] ?? `derived-${next}`,
  );
  return { stored: stored.records, derived: derived.records };
}

type OfflineOptions = CompareOptions & { reference: string; detections: string };

function rerunOffline(files: BundleFiles): { stored: unknown; derived: unknown } {
  const options = readJson<OfflineOptions>(files, OFFLINE_FILES.options);
  const list = (name: string) => {
    const content = files.get(name);
    if (!content) throw new Error(`${name} is missing from the bundle`);
    return parseEventList(content.toString("utf8"), name);
  };
  const { reference, detections, ...compare } = options;
  const stored = readJson<Record<string, unknown>>(files, OFFLINE_FILES.results);
  const derived: CompareResult = compareLists(list(reference), list(detections), compare);
  return { stored, derived: "early_activations" in stored ? derived : withoutWindows(derived) };
}

/**
 * Results written before events could carry their own window (DESIGN §13) have no margins and
 * no early activations; derived again, they are compared without them (their events have no
 * window, so the fields would be null and empty anyway).
 */
function withoutWindows({ early_activations: _early, ...result }: CompareResult) {
  return { ...result, matches: result.matches.map(({ margin_ms: _margin, ...m }) => m) };
}

/** The evaluation derived again and compared with the stored results. */
export function checkRerun(files: BundleFiles, manifest: Manifest): Check {
  try {
    const { stored, derived } = manifest.kind === "offline" ? rerunOffline(files) : rerunRun(files);
    const difference = firstDifference(stored, derived);
    return difference
      ? { what: "evaluation", ok: false, detail: `derived again from the bundle's inputs, it differs: ${difference}` }
      : {
          what: "evaluation",
          ok: true,
          detail: "derived again from the bundle's inputs, the results and verdicts are the same",
        };
  } catch (error) {
    return { what: "evaluation", ok: false, detail: `could not be derived again: ${(error as Error).message}` };
  }
}
