/**
 * Seeds projects and finished runs in bulk with SQL (generate_series), for the dashboard's test
 * and benchmark. Deterministic: run r (0-based, newest first, one project after another) finishes
 * r·spacing before now, fails when r % 5 = 0 and passes otherwise, and has p95 = 50 + r % 50 ms;
 * every `activeEvery`-th run is instead still active, paused in its execution phase (a paused run
 * has a pending task the engine leaves alone). Rigs get sessions over the last day.
 */
import type postgres from "postgres";
import { defaultLatencyThresholds, defaultPassFailCriteria } from "@/lib/validation/project";

export const seedCameraModels = ["BSIS-200", "BSIS-300", "MOIS-10", "MOIS-20", "R151-X", "R159-Y", "CAM-A", "CAM-B"];

export async function seedRuns(
  sql: postgres.Sql,
  options: {
    prefix: string;
    projects: number;
    runs: number;
    activeEvery?: number;
    rigs?: number;
    spacingMinutes?: number;
  },
) {
  const { prefix, projects, runs } = options;
  const activeEvery = options.activeEvery ?? 0;
  const spacing = options.spacingMinutes ?? 13;
  const t = defaultLatencyThresholds;
  const c = defaultPassFailCriteria;
  await sql.begin(async (tx) => {
    await tx`
      insert into projects (name, camera_model, camera_view, signal_type)
      select ${prefix} || ' ' || lpad(i::text, 5, '0'),
             (${seedCameraModels}::text[])[1 + i % ${seedCameraModels.length}],
             (array['front', 'rear', 'left', 'right'])[1 + i % 4], 'gpio'
      from generate_series(0, ${projects - 1}) i`;
    await tx`
      insert into latency_thresholds (project_id, detection_latency_ms, processing_latency_ms, end_to_end_latency_ms,
        signal_processing_latency_ms, warning_threshold_ms, critical_threshold_ms)
      select id, ${t.detectionLatencyMs}, ${t.processingLatencyMs}, ${t.endToEndLatencyMs},
             ${t.signalProcessingLatencyMs}, ${t.warningThresholdMs}, ${t.criticalThresholdMs}
      from projects where name like ${`${prefix} %`}`;
    await tx`
      insert into pass_fail_criteria (project_id, min_precision, min_recall, min_f1_score, max_latency_ms,
        max_false_positive_rate, min_detection_confidence, min_accuracy, min_detection_count)
      select id, ${c.minPrecision.value}, ${c.minRecall.value}, ${c.minF1Score.value}, ${c.maxLatencyMs.value},
             ${c.maxFalsePositiveRate.value}, ${c.minDetectionConfidence.value}, ${c.minAccuracy.value},
             ${c.minDetectionCount.value}
      from projects where name like ${`${prefix} %`}`;
    await tx`
      with ps as (
        select id, (row_number() over (order by name) - 1)::int as k from projects where name like ${`${prefix} %`}
      )
      insert into workflows (project_id, state, control, overall_progress, parameters, created_at, started_at, finished_at)
      select ps.id,
             case when ${activeEvery} > 0 and r % ${activeEvery} = ${activeEvery - 1} then 'paused' else 'completed' end,
             case when ${activeEvery} > 0 and r % ${activeEvery} = ${activeEvery - 1} then 'paused' else 'running' end,
             case when ${activeEvery} > 0 and r % ${activeEvery} = ${activeEvery - 1} then 40 else 100 end,
             jsonb_build_object('seedRun', r),
             now() - make_interval(mins => r * ${spacing} + 10),
             now() - make_interval(mins => r * ${spacing} + 10),
             case when ${activeEvery} > 0 and r % ${activeEvery} = ${activeEvery - 1} then null
                  else now() - make_interval(mins => r * ${spacing}) end
      from generate_series(0, ${runs - 1}) r
      join ps on ps.k = r % ${projects}`;
    await tx`
      insert into workflow_tasks (workflow_id, name, phase, state, progress)
      select w.id, 'execute_tests', 'execution', 'pending', 40
      from workflows w join projects p on p.id = w.project_id
      where p.name like ${`${prefix} %`} and w.state = 'paused'`;
    await tx`
      insert into evaluations (workflow_id, scope, settings, counts, metrics, latency, verdict, outcomes)
      select w.id, 'workflow', '{}'::jsonb, '{}'::jsonb, '{}'::jsonb,
             jsonb_build_object('p95', 50 + ((w.parameters->>'seedRun')::int % 50)),
             case when (w.parameters->>'seedRun')::int % 5 = 0 then 'fail' else 'pass' end,
             '{"byVideo": {}, "sessionEvaluationIds": [], "sessions": 0}'::jsonb
      from workflows w join projects p on p.id = w.project_id
      where p.name like ${`${prefix} %`} and w.state = 'completed'`;
    // The run's copy of its current result, as writeEvaluations keeps it.
    await tx`
      update workflows w set verdict = e.verdict, p95_latency_ms = (e.latency->>'p95')::float8
      from evaluations e
      where e.workflow_id = w.id and e.scope = 'workflow' and w.parameters ? 'seedRun'`;
    const rigs = options.rigs ?? 0;
    if (rigs > 0) {
      const [video] = await tx`
        insert into videos (file_name, storage_key, sha256, size_bytes, duration_ms, fps, ground_truth_status)
        values (${`${prefix}-seed.mp4`}, ${`seed/${prefix}`}, ${prefix.padEnd(64, "0").slice(0, 64)}, 1, 60000, 30, 'none')
        returning id`;
      await tx`
        insert into rigs (name, token_hash, status)
        select ${prefix} || ' rig ' || i, md5(${prefix} || i), case when i % 3 = 0 then 'offline' else 'online' end
        from generate_series(1, ${rigs}) i`;
      // Sessions of the runs that finished in the last day: three minutes each, rigs in turn.
      await tx`
        with rs as (
          select id, (row_number() over (order by name) - 1)::int as k from rigs where name like ${`${prefix} rig %`}
        )
        insert into test_sessions (workflow_id, video_id, rig_id, status, started_at, finished_at)
        select w.id, ${video?.id}, rs.id, 'completed', w.finished_at - interval '3 minutes', w.finished_at
        from workflows w join projects p on p.id = w.project_id
        join rs on rs.k = (w.parameters->>'seedRun')::int % ${rigs}
        where p.name like ${`${prefix} %`} and w.state = 'completed' and w.finished_at > now() - interval '1 day'`;
    }
  });
}
