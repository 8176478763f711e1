/**
 * The changes a run was made after (DESIGN §11): those to its project (settings, criteria,
 * judging, assignment) and to the ground truth and tags of the videos it played, since the
 * project's run before it was created, up to this run's creation. The report lists them.
 */
import { and, asc, desc, eq, gt, inArray, lt, lte, or } from "drizzle-orm";
import { changeHistory, workflows } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";

/** Rows listed (all are counted). */
const LIST_MAX = 500;

export async function changesBeforeRun(
  run: { id: string; projectId: string; createdAt: Date },
  videoIds: readonly string[],
) {
  const db = getDb();
  const [previous] = await db
    .select({
      id: workflows.id,
      name: workflows.name,
      firmwareVersion: workflows.firmwareVersion,
      createdAt: workflows.createdAt,
    })
    .from(workflows)
    .where(and(eq(workflows.projectId, run.projectId), lt(workflows.createdAt, run.createdAt)))
    .orderBy(desc(workflows.createdAt))
    .limit(1);
  const about = or(
    eq(changeHistory.projectId, run.projectId),
    and(eq(changeHistory.subjectType, "project"), eq(changeHistory.subjectId, run.projectId)),
    videoIds.length
      ? and(eq(changeHistory.subjectType, "video"), inArray(changeHistory.subjectId, [...videoIds]))
      : undefined,
  );
  const rows = await db
    .select()
    .from(changeHistory)
    .where(
      and(about, lte(changeHistory.at, run.createdAt), previous ? gt(changeHistory.at, previous.createdAt) : undefined),
    )
    .orderBy(asc(changeHistory.id))
    .limit(LIST_MAX + 1);
  return {
    since: previous
      ? {
          workflow_id: previous.id,
          name: previous.name,
          firmware_version: previous.firmwareVersion,
          created_at: previous.createdAt.toISOString(),
        }
      : null,
    complete: rows.length <= LIST_MAX,
    changes: rows.slice(0, LIST_MAX).map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      subject: `${r.subjectType} ${r.subjectId}`,
      change: r.change,
      before: r.before,
      after: r.after,
    })),
  };
}
