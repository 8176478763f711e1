/**
 * Where a project's latest run stands: its overall and component progress, videos played of
 * those assigned, test sessions done, and the task at work now (for the REST status and progress).
 */
import { count, desc, eq, sql } from "drizzle-orm";
import { projectVideos, testSessions, workflows } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { outputOf } from "../../tasks/outputs";
import { getProject } from "../projects/get-project";
import { getWorkflow } from "./get-workflow";

export const progressComponents = ["video_assignment", "ground_truth", "test_execution", "analysis", "validation"];

export async function projectStatus(projectId: string) {
  const project = await getProject(projectId);
  const [latest] = await getDb()
    .select({ id: workflows.id })
    .from(workflows)
    .where(eq(workflows.projectId, project.id))
    .orderBy(desc(workflows.createdAt))
    .limit(1);
  const [assigned] = await getDb()
    .select({ n: count() })
    .from(projectVideos)
    .where(eq(projectVideos.projectId, project.id));
  if (!latest) {
    return {
      project,
      workflow: null,
      videos: { total: assigned?.n ?? 0, processed: 0 },
      tests: { total: 0, completed: 0 },
      currentTask: null,
    };
  }
  const run = await getWorkflow(latest.id);
  const [sessions] = await getDb()
    .select({
      total: count(),
      completed: sql<number>`count(*) filter (where ${testSessions.status} = 'completed')::int`,
      played: sql<number>`count(distinct ${testSessions.videoId}) filter (where ${testSessions.status} = 'completed')::int`,
    })
    .from(testSessions)
    .where(eq(testSessions.workflowId, run.id));
  const frozen = outputOf(Object.fromEntries(run.tasks.map((t) => [t.name, t.output])), "assign_videos");
  const current =
    run.tasks.find((t) => t.state === "running") ??
    run.tasks.find((t) => t.state !== "succeeded" && t.state !== "skipped");
  return {
    project,
    workflow: run,
    videos: { total: frozen?.videoIds?.length ?? assigned?.n ?? 0, processed: sessions?.played ?? 0 },
    tests: { total: sessions?.total ?? 0, completed: sessions?.completed ?? 0 },
    currentTask: current ? (current.component ?? current.name) : null,
  };
}
