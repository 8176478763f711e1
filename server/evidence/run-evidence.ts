/**
 * The evidence bundle of a run (DESIGN §11), from its newest analysis: the inputs that analysis
 * was computed from — its configuration and the ground truth as they were then (kept with the
 * evaluation), the detection edges of every session it judged (which never change), the video
 * files' hashes — the software under test and the rigs that played it, the results, the
 * comparison with the run before it where there is one, and the report; signed with the
 * instance's key.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { evaluationInputs, evaluations, projects, rigs, testSessions, videos, workflows } from "@/db/schema";
import { type EvaluationRecord, isRunOutcomes } from "@/lib/analysis/evaluate-run";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../errors";
import { changesBeforeRun } from "../history/changes-before-run";
import { comparisonWithBaseline } from "../services/comparison/compare-workflows";
import { edgesOfSessions, missingRun } from "../services/results/analyze-run";
import { type BundleFiles, evidenceDigestOf, jsonFile, makeManifest, sealBundle } from "./bundle";
import { sha256Hex } from "./digest";
import { reportPdf } from "./report-pdf";
import { RUN_FILES, type RunInputs, type SessionInput } from "./rerun";
import { instanceSigningKey } from "./signing-key";

const rowToRecord = (row: typeof evaluations.$inferSelect): EvaluationRecord =>
  ({
    id: row.id,
    workflowId: row.workflowId,
    sessionId: row.sessionId,
    scope: row.scope,
    settings: row.settings,
    counts: row.counts,
    metrics: row.metrics,
    latency: row.latency,
    ...(row.rawLatency ? { rawLatency: row.rawLatency } : {}),
    intervals: row.intervals ?? undefined,
    bounds: row.bounds ?? undefined,
    perClass: row.perClass,
    criteria: row.criteria,
    verdict: row.verdict,
    outcomes: row.outcomes,
  }) as EvaluationRecord;

export async function runEvidence(workflowId: string) {
  const db = getDb();
  const [run] = await db
    .select({ workflow: workflows, project: projects })
    .from(workflows)
    .innerJoin(projects, eq(projects.id, workflows.projectId))
    .where(eq(workflows.id, workflowId));
  if (!run) throw missingRun(workflowId);
  const w = run.workflow;
  const label = w.name ?? `run ${w.id.slice(0, 8)}`;
  const [latest] = await db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.workflowId, w.id), eq(evaluations.scope, "workflow")))
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  if (!latest || !isRunOutcomes(latest.outcomes) || (w.state !== "completed" && w.state !== "failed")) {
    throw new DomainError(
      "ILLEGAL_STATE",
      `${label} has no results to give evidence of (it is ${w.state}): its evidence can be exported once it has completed and been analysed.`,
    );
  }
  const [inputs] = await db.select().from(evaluationInputs).where(eq(evaluationInputs.evaluationId, latest.id));
  if (!inputs) {
    throw new DomainError(
      "ILLEGAL_STATE",
      `${label} was analysed before Sightline kept the inputs of each analysis: analyse it again (Results → Analyse again) to make its evidence.`,
    );
  }
  const outcomes = latest.outcomes;
  const sessionRows = outcomes.sessionEvaluationIds.length
    ? await db.select().from(evaluations).where(inArray(evaluations.id, outcomes.sessionEvaluationIds))
    : [];
  const byId = new Map(sessionRows.map((r) => [r.id, r]));
  const sessionRecords = outcomes.sessionEvaluationIds.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
  const sessionIds = sessionRecords.flatMap((r) => (r.sessionId ? [r.sessionId] : []));
  const [sessions, edges] = await Promise.all([
    sessionIds.length
      ? db
          .select({
            id: testSessions.id,
            rigId: testSessions.rigId,
            anchorSource: testSessions.anchorSource,
            clockOffsetNs: testSessions.clockOffsetNs,
            metadata: testSessions.metadata,
            startedAt: testSessions.startedAt,
            finishedAt: testSessions.finishedAt,
            video: {
              id: videos.id,
              fileName: videos.fileName,
              durationMs: videos.durationMs,
              sha256: videos.sha256,
              sizeBytes: videos.sizeBytes,
              fps: videos.fps,
            },
          })
          .from(testSessions)
          .innerJoin(videos, eq(videos.id, testSessions.videoId))
          .where(inArray(testSessions.id, sessionIds))
      : [],
    edgesOfSessions(sessionIds),
  ]);
  const sessionOf = new Map(sessions.map((s) => [s.id, s]));
  const rigIds = [...new Set(sessions.flatMap((s) => (s.rigId ? [s.rigId] : [])))];
  const rigRows = rigIds.length
    ? await db
        .select({ id: rigs.id, name: rigs.name, agent: rigs.capabilities })
        .from(rigs)
        .where(inArray(rigs.id, rigIds))
    : [];

  const sessionInputs: SessionInput[] = sessionIds.flatMap((id) => {
    const s = sessionOf.get(id);
    return s
      ? [
          {
            id,
            video: { id: s.video.id, fileName: s.video.fileName, durationMs: s.video.durationMs },
            edges: edges.get(id) ?? [],
          },
        ]
      : [];
  });
  const runInputs: RunInputs = {
    workflowId: w.id,
    assignedVideos: outcomes.assignedVideos ?? 0,
    missingVideos: outcomes.missingVideos ?? [],
    dryRun: w.dryRun,
  };
  const videoFiles = [...new Map(sessions.map((s) => [s.video.id, s.video])).values()]
    .sort((x, y) => x.fileName.localeCompare(y.fileName))
    .map((v) => ({
      id: v.id,
      file_name: v.fileName,
      sha256: v.sha256,
      size_bytes: v.sizeBytes,
      duration_ms: v.durationMs,
      fps: v.fps,
    }));
  const software = {
    firmware: { version: w.firmwareVersion, software_id: w.softwareId, notes: w.softwareNotes },
    rigs: rigRows.map((r) => ({ id: r.id, name: r.name, agent: r.agent, calibration: null })),
    sessions: sessionIds.flatMap((id) => {
      const s = sessionOf.get(id);
      return s
        ? [
            {
              session_id: id,
              video_id: s.video.id,
              rig_id: s.rigId,
              source: s.metadata.source ?? (s.rigId ? "rig" : "import"),
              // The clock chain of the session: what anchored video time 0, the rig-to-server offset.
              anchor_source: s.anchorSource,
              clock_offset_ns: s.clockOffsetNs === null ? null : String(s.clockOffsetNs),
              started_at: s.startedAt?.toISOString() ?? null,
              finished_at: s.finishedAt?.toISOString() ?? null,
            },
          ]
        : [];
    }),
  };
  const records = [...sessionRecords.map(rowToRecord), rowToRecord(latest)];

  const files: BundleFiles = new Map();
  files.set(RUN_FILES.run, jsonFile(runInputs));
  files.set(RUN_FILES.config, jsonFile(inputs.config));
  files.set(RUN_FILES.groundTruth, jsonFile(inputs.groundTruth));
  files.set(RUN_FILES.sessions, jsonFile(sessionInputs));
  files.set("inputs/videos.json", jsonFile(videoFiles));
  files.set("inputs/software.json", jsonFile(software));
  files.set(RUN_FILES.results, jsonFile({ records }));
  // The test-case matrix on its own, for a reader (it is also in the run's record, which verify re-derives).
  if (outcomes.testCases) files.set("test-cases.json", jsonFile(outcomes.testCases));
  const { comparison } = await comparisonWithBaseline(w.id);
  if (comparison) files.set("comparison.json", jsonFile(comparison));
  const history = await changesBeforeRun(
    w,
    videoFiles.map((v) => v.id),
  );
  files.set("history.json", jsonFile(history));
  // The report states the digest of everything else in the bundle (it cannot hold its own hash).
  const evidenceDigest = evidenceDigestOf(files);
  files.set(
    "report.pdf",
    await reportPdf({
      project: { name: run.project.name, cameraModel: run.project.cameraModel, cameraView: run.project.cameraView },
      run: { id: w.id, name: w.name, dryRun: w.dryRun, analysedAt: latest.createdAt.toISOString() },
      firmware: software.firmware,
      rigs: software.rigs,
      clocks: software.sessions,
      config: inputs.config,
      records,
      sessions: sessionInputs,
      groundTruth: inputs.groundTruth,
      comparison,
      history,
      evidenceDigest,
    }),
  );

  const config = inputs.config;
  const key = instanceSigningKey();
  const manifest = makeManifest(
    "run",
    files,
    {
      workflow_id: w.id,
      name: w.name,
      project: {
        id: run.project.id,
        name: run.project.name,
        camera_model: run.project.cameraModel,
        camera_view: run.project.cameraView,
      },
      firmware: software.firmware,
      dry_run: w.dryRun,
      verdict: latest.verdict,
      evaluation_id: latest.id,
      analysed_at: latest.createdAt.toISOString(),
      evidence_digest: evidenceDigest,
    },
    {
      video_files: videoFiles.map((v) => ({ id: v.id, file_name: v.file_name, sha256: v.sha256 })),
      ground_truth: inputs.groundTruthDigest,
      detections: sha256Hex(files.get(RUN_FILES.sessions) as Buffer),
      config: inputs.configDigest,
      thresholds: config.latencyThresholds,
      criteria: config.passFailCriteria,
      decision_rule: config.judging,
      agents: rigRows.map((r) => ({ rig: r.name, agent: r.agent })),
    },
    key,
  );
  return { files: sealBundle(files, manifest, key), manifest, label };
}
