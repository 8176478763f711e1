/** Lists workflows: the active ones across projects, or all of one project, newest first. */
import { and, desc, eq, notInArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { projects, workflows } from "@/db/schema";

const finished = ["completed", "failed", "cancelled"] as const;

export async function listWorkflows(filter: { projectId?: string; activeOnly?: boolean }) {
  return getDb()
    .select({
      id: workflows.id,
      projectId: workflows.projectId,
      projectName: projects.name,
      state: workflows.state,
      strategy: workflows.strategy,
      chosenStrategy: workflows.chosenStrategy,
      priority: workflows.priority,
      overallProgress: workflows.overallProgress,
      createdAt: workflows.createdAt,
      startedAt: workflows.startedAt,
      finishedAt: workflows.finishedAt,
      error: workflows.error,
    })
    .from(workflows)
    .innerJoin(projects, eq(projects.id, workflows.projectId))
    .where(
      and(
        filter.projectId ? eq(workflows.projectId, filter.projectId) : undefined,
        filter.activeOnly ? notInArray(workflows.state, [...finished]) : undefined,
      ),
    )
    .orderBy(desc(workflows.createdAt))
    .limit(200);
}
