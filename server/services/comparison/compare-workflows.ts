/**
 * Run A against run B of one project (DESIGN §10), from their newest analyses: every ground-truth
 * event of the videos both runs played, paired by its id (matched, or evaluated and missed, in
 * each run's session of that video), then the pure comparison (lib/analysis/compare-runs.ts) and
 * the project's regression gate. Events judged by one run only (ground truth edited between the
 * runs) are counted and left out. False alarms are compared too: a false positive of B with none
 * of A within the match window on that video is a new one.
 */
import { and, desc, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { evaluations, projects, testSessions, videos, workflows } from "@/db/schema";
import { type ClusterInfo, compareRuns, type PairedEvent } from "@/lib/analysis/compare-runs";
import { detectionsOf } from "@/lib/analysis/detection-edges";
import { isRunOutcomes, type SessionOutcomes } from "@/lib/analysis/evaluate-run";
import { frameAtUs } from "@/lib/analysis/frame-time";
import { regressionGate } from "@/lib/analysis/regression-gate";
import { type CompareRunsInput, compareRunsSchema } from "@/lib/validation/comparison";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { ShortCache } from "../../short-cache";
import { parseInput } from "../parse-input";
import { getProject } from "../projects/get-project";
import { edgesOfSessions, missingRun, truthOfVideos } from "../results/analyze-run";

/** At most this many changed events and false alarms are listed (all are counted). */
const LIST_MAX = 500;

async function runHead(id: string) {
  const [run] = await getDb()
    .select({
      id: workflows.id,
      name: workflows.name,
      projectId: workflows.projectId,
      projectName: projects.name,
      firmwareVersion: workflows.firmwareVersion,
      softwareId: workflows.softwareId,
      softwareNotes: workflows.softwareNotes,
      dryRun: workflows.dryRun,
      state: workflows.state,
      verdict: workflows.verdict,
      finishedAt: workflows.finishedAt,
    })
    .from(workflows)
    .innerJoin(projects, eq(projects.id, workflows.projectId))
    .where(eq(workflows.id, id));
  if (!run) throw missingRun(id);
  return run;
}
type RunHead = Awaited<ReturnType<typeof runHead>>;

const headJson = (r: RunHead) => ({
  workflow_id: r.id,
  name: r.name,
  firmware_version: r.firmwareVersion,
  software_id: r.softwareId,
  software_notes: r.softwareNotes,
  dry_run: r.dryRun,
  verdict: r.verdict,
  finished_at: r.finishedAt ? r.finishedAt.toISOString() : null,
});

type SessionResult = { sessionId: string; outcomes: SessionOutcomes; falsePositives: number };

/** The run's newest analysis: its settings, and per video its newest analysed session. */
async function latestAnalysis(run: RunHead) {
  const db = getDb();
  const [latest] = await db
    .select({ id: evaluations.id, settings: evaluations.settings, outcomes: evaluations.outcomes })
    .from(evaluations)
    .where(and(eq(evaluations.workflowId, run.id), eq(evaluations.scope, "workflow")))
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  if (!latest || !isRunOutcomes(latest.outcomes)) {
    throw new DomainError(
      "ILLEGAL_STATE",
      `Run ${run.name ?? run.id.slice(0, 8)} has no results yet (it is ${run.state}): compare it once it has completed and been analysed.`,
    );
  }
  const ids = latest.outcomes.sessionEvaluationIds;
  const rows = ids.length
    ? await db
        .select({
          id: evaluations.id,
          sessionId: evaluations.sessionId,
          outcomes: evaluations.outcomes,
          counts: evaluations.counts,
        })
        .from(evaluations)
        .where(inArray(evaluations.id, ids))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byVideo = new Map<string, SessionResult>();
  // Session records are listed by video, then by when the session ran: the last of a video is its newest.
  for (const id of ids) {
    const row = byId.get(id);
    if (!row?.sessionId || isRunOutcomes(row.outcomes)) continue;
    byVideo.set(row.outcomes.videoId, {
      sessionId: row.sessionId,
      outcomes: row.outcomes,
      falsePositives: row.counts.fp,
    });
  }
  return { settings: latest.settings, byVideo };
}

/** The ground-truth events a session was judged on: matched or missed (older records: the video's current ones). */
function judgedOn(session: SessionResult, current: readonly { id: string }[]): Map<string, number | null> {
  const judged = new Map<string, number | null>();
  for (const m of session.outcomes.matches) judged.set(m.groundTruthId, m.latencyMs);
  const missed = session.outcomes.missed ?? current.map((g) => g.id);
  for (const id of missed) if (!judged.has(id)) judged.set(id, null);
  return judged;
}

/** False-positive onsets (µs) of a session: detections neither matched nor re-triggers. */
function falseAlarmsOf(session: SessionResult, detections: ReturnType<typeof detectionsOf>): number[] {
  const matched = new Set(session.outcomes.matches.map((m) => m.detectionId));
  const retriggers = new Set(session.outcomes.retriggers);
  return detections.filter((d) => !matched.has(d.id) && !retriggers.has(d.id)).map((d) => d.onsetUs);
}

/** Onsets of `mine` with no onset of `theirs` within `windowUs` (both sorted). */
function unmatchedOnsets(mine: readonly number[], theirs: readonly number[], windowUs: number): number[] {
  const out: number[] = [];
  let j = 0;
  for (const t of mine) {
    while (j < theirs.length && (theirs[j] as number) < t - windowUs) j++;
    if (!(j < theirs.length && (theirs[j] as number) <= t + windowUs)) out.push(t);
  }
  return out;
}

async function computeComparison(input: ReturnType<typeof parseComparison>) {
  const [a, b] = await Promise.all([runHead(input.a), runHead(input.b)]);
  if (a.projectId !== b.projectId) {
    throw DomainError.field(
      "INVALID_INPUT",
      "b",
      `Runs of different projects cannot be compared: ${a.name ?? a.id.slice(0, 8)} belongs to ${a.projectName}, ${b.name ?? b.id.slice(0, 8)} to ${b.projectName}.`,
    );
  }
  const [analysisA, analysisB, project] = await Promise.all([
    latestAnalysis(a),
    latestAnalysis(b),
    getProject(a.projectId),
  ]);
  const shared = [...analysisA.byVideo.keys()].filter((v) => analysisB.byVideo.has(v));
  const onlyA = [...analysisA.byVideo.keys()].filter((v) => !analysisB.byVideo.has(v));
  const onlyB = [...analysisB.byVideo.keys()].filter((v) => !analysisA.byVideo.has(v));
  if (shared.length === 0) {
    throw new DomainError(
      "ILLEGAL_STATE",
      `${a.name ?? a.id.slice(0, 8)} and ${b.name ?? b.id.slice(0, 8)} played no video in common: there is nothing to compare event by event.`,
    );
  }
  const level = analysisB.settings.judging?.confidenceLevel ?? 0.95;
  const windowUs = (analysisB.settings.matchWindowMs ?? 1000) * 1000;

  const db = getDb();
  const sessionsOf = (v: string) =>
    [analysisA.byVideo.get(v), analysisB.byVideo.get(v)] as [SessionResult, SessionResult];
  const [videoRows, truth, edges] = await Promise.all([
    shared.length
      ? db
          .select({ id: videos.id, fileName: videos.fileName, durationMs: videos.durationMs, fps: videos.fps })
          .from(videos)
          .where(inArray(videos.id, shared))
      : [],
    truthOfVideos(shared),
    edgesOfSessions(shared.flatMap((v) => sessionsOf(v).map((s) => s.sessionId))),
  ]);
  const videoOf = new Map(videoRows.map((v) => [v.id, v]));
  // Videos in name order, so the per-video table and the bootstrap's clusters are in a fixed order.
  shared.sort(
    (x, y) => (videoOf.get(x)?.fileName ?? x).localeCompare(videoOf.get(y)?.fileName ?? y) || x.localeCompare(y),
  );

  const events: PairedEvent[] = [];
  const clusters: ClusterInfo[] = [];
  const falseAlarms: { video_id: string; file_name: string; onset_ms: number; frame: number | null; in: "a" | "b" }[] =
    [];
  let judgedByOneRun = 0;
  for (const videoId of shared) {
    const video = videoOf.get(videoId);
    const [sa, sb] = sessionsOf(videoId);
    const current = truth.get(videoId) ?? [];
    const inA = judgedOn(sa, current);
    const inB = judgedOn(sb, current);
    for (const [id, latencyA] of inA) {
      if (!inB.has(id)) {
        judgedByOneRun++;
        continue;
      }
      events.push({ reference: id, cluster: videoId, a: latencyA, b: inB.get(id) ?? null });
    }
    for (const id of inB.keys()) if (!inA.has(id)) judgedByOneRun++;
    clusters.push({
      id: videoId,
      label: video?.fileName ?? videoId,
      hours: video?.durationMs == null ? null : video.durationMs / 3_600_000,
      falsePositives: { a: sa.falsePositives, b: sb.falsePositives },
    });
    const fpA = falseAlarmsOf(sa, detectionsOf(edges.get(sa.sessionId) ?? [])).sort((x, y) => x - y);
    const fpB = falseAlarmsOf(sb, detectionsOf(edges.get(sb.sessionId) ?? [])).sort((x, y) => x - y);
    for (const [side, onsets] of [
      ["b", unmatchedOnsets(fpB, fpA, windowUs)],
      ["a", unmatchedOnsets(fpA, fpB, windowUs)],
    ] as const) {
      for (const us of onsets) {
        falseAlarms.push({
          video_id: videoId,
          file_name: video?.fileName ?? videoId,
          onset_ms: us / 1000,
          frame: video?.fps ? frameAtUs(us, video.fps) : null,
          in: side,
        });
      }
    }
  }

  const comparison = compareRuns(events, clusters, { level, seed: input.seed, resamples: input.resamples });
  const gate = regressionGate(comparison, project.regressionGate);
  const eventOf = new Map([...truth.values()].flat().map((g) => [g.id, g]));
  const changed = comparison.changed.slice(0, LIST_MAX).map((c) => {
    const g = eventOf.get(c.reference);
    const video = videoOf.get(c.cluster);
    const [sa, sb] = sessionsOf(c.cluster);
    return {
      reference: c.reference,
      in: c.in,
      video_id: c.cluster,
      file_name: video?.fileName ?? c.cluster,
      /** Null when the event has since been removed from the ground truth. */
      class: g?.class ?? null,
      onset_ms: g ? g.onsetUs / 1000 : null,
      offset_ms: g ? g.offsetUs / 1000 : null,
      frame: g && video?.fps ? frameAtUs(g.onsetUs, video.fps) : null,
      fps: video?.fps ?? null,
      session_a: sa.sessionId,
      session_b: sb.sessionId,
    };
  });
  return {
    project_id: a.projectId,
    project_name: a.projectName,
    a: headJson(a),
    b: headJson(b),
    events: comparison.events,
    paired: comparison.paired,
    mcnemar_p: comparison.mcnemar_p,
    recall: comparison.recall,
    recall_ci: comparison.recall_ci,
    latency_ms: comparison.latency_ms,
    bootstrap: comparison.bootstrap,
    false_positives: comparison.false_positives,
    per_video: comparison.per_cluster.map(({ cluster, label, ...rest }) => ({
      video_id: cluster,
      file_name: label,
      session_a: sessionsOf(cluster)[0].sessionId,
      session_b: sessionsOf(cluster)[1].sessionId,
      ...rest,
    })),
    changed,
    changed_total: comparison.changed.length,
    false_alarms: falseAlarms.slice(0, LIST_MAX),
    false_alarms_total: falseAlarms.length,
    gate,
    coverage: {
      shared_videos: shared.length,
      videos_only_a: onlyA.length,
      videos_only_b: onlyB.length,
      /** Events judged by one run only (the ground truth changed between the runs): left out. */
      events_judged_by_one_run: judgedByOneRun,
    },
  };
}

export type WorkflowComparison = Awaited<ReturnType<typeof computeComparison>>;

const parseComparison = (raw: unknown) => parseInput(compareRunsSchema, raw);

// A comparison reads every event of both runs: pages that ask again within seconds share one.
const cache = new ShortCache<WorkflowComparison>(10_000, 50);

export function compareWorkflows(raw: CompareRunsInput | unknown): Promise<WorkflowComparison> {
  const input = parseComparison(raw);
  return cache.get(`${input.a}:${input.b}:${input.seed}:${input.resamples}`, () => computeComparison(input));
}

/**
 * The run B is compared with by default: the newest earlier completed run of its project that was
 * analysed, shares a played video with it, and is a dry run exactly when B is.
 */
async function baselineOf(id: string): Promise<RunHead | null> {
  const b = await runHead(id);
  if (!b.finishedAt) return null;
  const db = getDb();
  const candidates = await db
    .select({ id: workflows.id })
    .from(workflows)
    .where(
      and(
        eq(workflows.projectId, b.projectId),
        eq(workflows.state, "completed"),
        eq(workflows.dryRun, b.dryRun),
        isNotNull(workflows.verdict),
        lt(workflows.finishedAt, b.finishedAt),
      ),
    )
    .orderBy(desc(workflows.finishedAt))
    .limit(20);
  if (candidates.length === 0) return null;
  const played = await db
    .selectDistinct({ workflowId: testSessions.workflowId, videoId: testSessions.videoId })
    .from(testSessions)
    .where(
      and(
        inArray(testSessions.workflowId, [b.id, ...candidates.map((c) => c.id)]),
        eq(testSessions.status, "completed"),
      ),
    );
  const mine = new Set(played.filter((p) => p.workflowId === b.id).map((p) => p.videoId));
  for (const c of candidates) {
    if (played.some((p) => p.workflowId === c.id && mine.has(p.videoId))) return runHead(c.id);
  }
  return null;
}

/**
 * The run against its baseline: the whole comparison, or why there is none (no baseline, or one
 * that cannot be compared, e.g. its analysis gone — said, not thrown at the run page).
 */
export async function comparisonWithBaseline(id: string) {
  const baseline = await baselineOf(id);
  if (!baseline) return { baseline: null, comparison: null, error: null };
  try {
    const comparison = await compareWorkflows({ a: baseline.id, b: id });
    return { baseline: comparison.a, comparison, error: null };
  } catch (error) {
    if (error instanceof DomainError) return { baseline: headJson(baseline), comparison: null, error: error.message };
    throw error;
  }
}

/** What the run's page says of it against its baseline: the gate's verdict, or why there is none. */
export async function gateOfRun(id: string) {
  const { baseline, comparison: c, error } = await comparisonWithBaseline(id);
  return c
    ? { baseline, gate: c.gate, error, events: c.events, recall: c.recall, latency_ms: c.latency_ms }
    : { baseline, gate: null, error };
}
