/**
 * What a faulted run is checked for, from the database and the agents' own event logs:
 * - lost: events an agent emitted that the database does not hold;
 * - duplicated: one reading of a rig stored more than once;
 * - doubled effects: a task's effect applied twice (two run evaluations, two succeeded
 *   transitions of one task, a video completed twice);
 * - a false verdict: a pass or fail judged on fewer videos than the run assigned;
 * - the same verdict as the same run uninterrupted: recomputed here from the seeded cameras'
 *   plans through the pure analysis (no server code in the way).
 */
import { defaultSimCamera, planSimDetections } from "@/agent/sources/sim";
import { simSeedFor } from "@/agent/sources/sim-source";
import { combineEvaluations, type Part } from "@/lib/analysis/combine";
import { evaluateDetections } from "@/lib/analysis/evaluate";
import { scopedVerdict } from "@/lib/analysis/evaluate-run";
import { runSettings } from "@/lib/analysis/run-settings";
import { judge } from "@/lib/analysis/verdict";
import { type Judging, type LatencyThresholds, legacyJudging, type PassFailCriteria } from "@/lib/validation/project";
import { assignedVideosOf, outputOf } from "../../tasks/outputs";
import type { RigWorld } from "./rig-world";

export type RunCheck = {
  state: string;
  verdict: string | null;
  expectedVerdict: string;
  sameVerdict: boolean;
  /** The run's counts equal the uninterrupted run's (tp, fp, fn, retriggers). */
  sameFigures: boolean;
  lost: number;
  duplicated: number;
  doubledEffects: string[];
  falseVerdict: boolean;
  videosCompleted: number;
  videosAssigned: number;
};

type Frozen = { latencyThresholds: LatencyThresholds; passFailCriteria: PassFailCriteria; judging?: Judging };

/** The verdict and counts of the run had nothing gone wrong: every video played once, as planned. */
function uninterrupted(world: RigWorld, frozen: Frozen, parameters: Record<string, unknown>) {
  const judging = frozen.judging ?? legacyJudging;
  const settings = runSettings({ latencyThresholds: frozen.latencyThresholds, parameters, judging });
  const parts: Part[] = world.videos.map((video) => {
    const durationUs = video.durationMs * 1000;
    const plan = planSimDetections(video.events, durationUs, {
      ...defaultSimCamera,
      ...world.camera,
      seed: simSeedFor(world.options.seed, video.id),
    });
    // As the simulated camera emits them: edges up to the video's end, paired rising to falling.
    const detections = plan
      .filter((d) => d.onsetUs <= durationUs)
      .map((d) => ({ onsetUs: d.onsetUs, offsetUs: d.offsetUs <= durationUs ? d.offsetUs : null, class: d.class }));
    const reference = video.events;
    return {
      reference,
      evaluation: evaluateDetections(reference, detections, { ...settings, durationUs }),
      durationUs,
    };
  });
  const judged = (of: Part[]) => {
    const combined = combineEvaluations(of, settings);
    const latenciesMs = of.flatMap((p) => p.evaluation.matches.map((m) => m.latencyMs));
    return {
      combined,
      verdict: judge({ ...combined, meanConfidence: null, latenciesMs }, frozen.passFailCriteria, judging).verdict,
    };
  };
  const overall = judged(parts);
  // Each video is one part here (played once): its own verdict counts under the every-video scope.
  const videoVerdicts = parts.map((part) => judged([part]).verdict);
  return { verdict: scopedVerdict(overall.verdict, videoVerdicts, judging), counts: overall.combined.counts };
}

export async function checkRun(world: RigWorld, runId: string): Promise<RunCheck> {
  const q = (run: Parameters<RigWorld["query"]>[0]) => world.query(run, 30_000);
  const [run] = (await q((sql) => sql`select state, verdict, parameters from workflows where id = ${runId}`)) as {
    state: string;
    verdict: string | null;
    parameters: Record<string, unknown>;
  }[];
  const tasks = (await q((sql) => sql`select name, output from workflow_tasks where workflow_id = ${runId}`)) as {
    name: string;
    output: unknown;
  }[];
  const outputs = Object.fromEntries(tasks.map((t) => [t.name, t.output]));
  const frozen: Frozen | undefined = outputOf(outputs, "configure_tests");
  const assigned = assignedVideosOf(outputs);
  const sessions = (await q(
    (sql) => sql`select id, video_id, status from test_sessions where workflow_id = ${runId}`,
  )) as { id: string; video_id: string; status: string }[];
  const events = (await q(
    (sql) => sql`select e.session_id, e.seq, e.line, e.edge, e.video_time_us, e.rig_monotonic_ns::text as rig_ns
                 from detection_events e join test_sessions s on s.id = e.session_id where s.workflow_id = ${runId}`,
  )) as { session_id: string; seq: number; line: string; edge: string; video_time_us: number; rig_ns: string }[];

  // Lost and duplicated, against what the agents say they emitted for this run's sessions.
  const ofRun = new Set(sessions.map((s) => s.id));
  const stored = new Set(events.map((e) => `${e.session_id}|${e.seq}`));
  const emitted = world.agents.flatMap((a) => a.emitted()).filter((e) => ofRun.has(e.sessionId));
  const lost = emitted.filter((e) => !stored.has(`${e.sessionId}|${e.seq}`)).length;
  const readings = new Map<string, number>();
  for (const e of events) {
    const key = `${e.session_id}|${e.line}|${e.edge}|${e.video_time_us}|${e.rig_ns}`;
    readings.set(key, (readings.get(key) ?? 0) + 1);
  }
  const duplicated = [...readings.values()].reduce((sum, n) => sum + n - 1, 0);

  const doubledEffects: string[] = [];
  const [evaluations] = (await q(
    (sql) => sql`select count(*)::int as n from evaluations where workflow_id = ${runId} and scope = 'workflow'`,
  )) as { n: number }[];
  if ((evaluations?.n ?? 0) > 1) doubledEffects.push(`${evaluations?.n} run evaluations`);
  const succeeded = (await q(
    (sql) => sql`select task_name, count(*)::int as n from workflow_events
                 where workflow_id = ${runId} and task_name is not null and to_state = 'succeeded'
                 group by task_name having count(*) > 1`,
  )) as { task_name: string; n: number }[];
  for (const s of succeeded) doubledEffects.push(`${s.task_name} succeeded ${s.n} times`);
  const completedPerVideo = new Map<string, number>();
  for (const s of sessions) {
    if (s.status === "completed") completedPerVideo.set(s.video_id, (completedPerVideo.get(s.video_id) ?? 0) + 1);
  }
  for (const [video, n] of completedPerVideo) if (n > 1) doubledEffects.push(`video ${video} completed ${n} times`);

  const videosCompleted = assigned.filter((id) => completedPerVideo.has(id)).length;
  const judged = run?.verdict === "pass" || run?.verdict === "fail";
  const falseVerdict = judged && videosCompleted < assigned.length;

  let expectedVerdict = "unknown";
  let sameFigures = false;
  if (frozen?.latencyThresholds && frozen.passFailCriteria) {
    const expected = uninterrupted(world, frozen, run?.parameters ?? {});
    expectedVerdict = expected.verdict;
    const [evaluation] = (await q(
      (sql) => sql`select counts from evaluations where workflow_id = ${runId} and scope = 'workflow'
                   order by created_at desc limit 1`,
    )) as { counts: Record<string, number> }[];
    const c = evaluation?.counts;
    sameFigures =
      !!c &&
      (["tp", "fp", "fn", "retriggers", "reference", "detections"] as const).every((k) => c[k] === expected.counts[k]);
  }
  return {
    state: run?.state ?? "missing",
    verdict: run?.verdict ?? null,
    expectedVerdict,
    sameVerdict: run?.verdict === expectedVerdict,
    sameFigures,
    lost,
    duplicated,
    doubledEffects,
    falseVerdict,
    videosCompleted,
    videosAssigned: assigned.length,
  };
}
