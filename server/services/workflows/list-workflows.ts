/**
 * Lists runs, newest first, a page at a time: every run of every project (the Runs page), those
 * of one project, or the active ones; filtered by verdict, firmware, creation date and dry run.
 * Each row says what a person scanning a list needs: name, firmware, verdict, the rigs that
 * played it, how many videos it covers and how long it took.
 */
import { and, count, desc, eq, gte, ilike, isNull, lt, notInArray, type SQL, sql } from "drizzle-orm";
import { projects, rigs, testSessions, workflows, workflowTasks } from "@/db/schema";
import { terminalRunStates } from "@/lib/states";
import { type ListWorkflowsInput, listWorkflowsSchema } from "@/lib/validation/workflow";
import { getDb } from "@/server/runtime/slot";
import { parseInput } from "../parse-input";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function nextDay(day: string) {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

export async function listWorkflows(raw: ListWorkflowsInput = {}) {
  const filter = parseInput(listWorkflowsSchema, raw);
  const where: (SQL | undefined)[] = [
    filter.projectId ? eq(workflows.projectId, filter.projectId) : undefined,
    filter.activeOnly ? notInArray(workflows.state, [...terminalRunStates]) : undefined,
    filter.verdict === "none"
      ? isNull(workflows.verdict)
      : filter.verdict
        ? eq(workflows.verdict, filter.verdict)
        : undefined,
    filter.firmware ? ilike(workflows.firmwareVersion, `%${escapeLike(filter.firmware)}%`) : undefined,
    filter.from ? gte(workflows.createdAt, new Date(`${filter.from}T00:00:00.000Z`)) : undefined,
    filter.to ? lt(workflows.createdAt, nextDay(filter.to)) : undefined,
    filter.dryRun === undefined ? undefined : eq(workflows.dryRun, filter.dryRun),
  ];
  const condition = and(...where);
  const db = getDb();
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: workflows.id,
        name: workflows.name,
        firmwareVersion: workflows.firmwareVersion,
        softwareId: workflows.softwareId,
        dryRun: workflows.dryRun,
        projectId: workflows.projectId,
        projectName: projects.name,
        state: workflows.state,
        verdict: workflows.verdict,
        strategy: workflows.strategy,
        chosenStrategy: workflows.chosenStrategy,
        priority: workflows.priority,
        overallProgress: workflows.overallProgress,
        createdAt: workflows.createdAt,
        startedAt: workflows.startedAt,
        finishedAt: workflows.finishedAt,
        error: workflows.error,
        // The videos the run froze at assignment; before that, those its sessions play.
        videos: sql<number | null>`coalesce(
          (select jsonb_array_length(${workflowTasks.output}->'videoIds') from ${workflowTasks}
            where ${workflowTasks.workflowId} = ${workflows.id} and ${workflowTasks.name} = 'assign_videos'
              and jsonb_typeof(${workflowTasks.output}->'videoIds') = 'array'),
          (select count(distinct ${testSessions.videoId})::int from ${testSessions}
            where ${testSessions.workflowId} = ${workflows.id}))`,
        rigNames: sql<string[] | null>`(select array_agg(distinct ${rigs.name} order by ${rigs.name})
          from ${testSessions} join ${rigs} on ${rigs.id} = ${testSessions.rigId}
          where ${testSessions.workflowId} = ${workflows.id})`,
      })
      .from(workflows)
      .innerJoin(projects, eq(projects.id, workflows.projectId))
      .where(condition)
      .orderBy(desc(workflows.createdAt), desc(workflows.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ n: count() }).from(workflows).where(condition),
  ]);
  return {
    runs: rows.map((row) => ({
      ...row,
      videos: row.videos ?? 0,
      rigNames: row.rigNames ?? [],
      durationMs: row.startedAt ? (row.finishedAt ?? new Date()).getTime() - row.startedAt.getTime() : null,
    })),
    total: total?.n ?? 0,
    page: filter.page,
    pageSize: filter.pageSize,
  };
}
