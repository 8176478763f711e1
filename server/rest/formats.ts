/** How the REST API shows Sightline's objects: snake_case, times as ISO strings. */
import type { Project } from "../services/projects/get-project";
import type { getWorkflow } from "../services/workflows/get-workflow";
import { progressComponents, type projectStatus } from "../services/workflows/project-status";

type Run = Awaited<ReturnType<typeof getWorkflow>>;
type Status = Awaited<ReturnType<typeof projectStatus>>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const snakeKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [snake(k), v]));

export function projectJson(p: Project) {
  return {
    project_id: p.id,
    name: p.name,
    description: p.description,
    camera_model: p.cameraModel,
    camera_view: p.cameraView,
    signal_type: p.signalType,
    status: p.status,
    workflow_config: {
      execution_strategy: p.defaultStrategy,
      priority: p.defaultPriority,
      max_concurrent_tasks: p.defaultMaxConcurrentTasks,
      latency_thresholds: snakeKeys(p.latencyThresholds),
      pass_fail_criteria: Object.fromEntries(Object.entries(p.passFailCriteria).map(([k, c]) => [snake(k), { ...c }])),
      judging: snakeKeys(p.judging),
      regression_gate: snakeKeys(p.regressionGate),
    },
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}

export function componentsJson(progress: Record<string, number>) {
  return Object.fromEntries(progressComponents.map((c) => [c, { progress: progress[c] ?? 0 }]));
}

export function workflowJson(run: Run) {
  return {
    workflow_id: run.id,
    name: run.name,
    firmware_version: run.firmwareVersion,
    software_id: run.softwareId,
    software_notes: run.softwareNotes,
    dry_run: run.dryRun,
    project_id: run.projectId,
    project_name: run.projectName,
    status: run.state,
    control: run.control,
    execution_strategy: run.strategy,
    chosen_strategy: run.chosenStrategy,
    complexity_score: run.complexityScore,
    priority: run.priority,
    max_concurrent_tasks: run.maxConcurrentTasks,
    overall_progress: run.overallProgress,
    components: componentsJson(run.progress),
    verdict: run.verdict,
    p95_latency_ms: run.p95LatencyMs,
    error: run.error,
    tasks: run.tasks.map((t) => ({
      name: t.name,
      phase: t.phase,
      status: t.state,
      progress: t.progress,
      attempt: t.attempt,
      error: t.error,
    })),
    created_at: iso(run.createdAt),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
  };
}

export function statusJson(s: Status) {
  return {
    project_id: s.project.id,
    workflow_id: s.workflow?.id ?? null,
    status: {
      basic_progress: {
        overall_progress: s.workflow?.overallProgress ?? 0,
        videos: s.videos,
        tests: s.tests,
      },
      detailed_progress: { components: componentsJson(s.workflow?.progress ?? {}) },
      workflow_status: {
        status: s.workflow?.state ?? "not_started",
        current_task: s.currentTask,
        verdict: s.workflow?.verdict ?? null,
      },
    },
  };
}
