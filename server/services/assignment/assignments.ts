/**
 * Which videos a project plays: the assignment screen lists the assigned videos and the scored
 * candidates, adds and removes; the automatic choice takes every eligible video scoring at least
 * `minScore`. A run freezes the list when its assign_videos task completes; changes made later
 * apply to the next run.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Transaction } from "@/db/client";
import { projectVideos } from "@/db/schema";
import { catalogCase } from "@/lib/test-cases/catalog";
import { changeAssignmentSchema, listCandidatesSchema } from "@/lib/validation/assignment";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { recordChanges } from "../../history/record-change";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "../projects/get-project";
import { assertEditable } from "../projects/lock-project";
import { byScore, type ScoredRow, scoredVideos } from "./scored-videos";

export async function listAssignment(raw: z.input<typeof listCandidatesSchema>) {
  const input = parseInput(listCandidatesSchema, raw);
  const project = await getProject(input.projectId);
  // The search narrows the candidates only: the assigned list is always shown whole.
  const assigned = (await scoredVideos(project, { assignedOnly: true })).sort(byScore);
  const candidates = (await scoredVideos(project, { search: input.search })).filter((v) => !v.assigned).sort(byScore);
  const start = (input.page - 1) * input.pageSize;
  // The requirement set's cases and the assigned videos that show each (DESIGN §13).
  const testCases = project.requiredTestCases.map((id) => ({
    id,
    title: catalogCase(id)?.title ?? id,
    videos: assigned.filter((v) => v.tags.testCase === id).map((v) => v.fileName),
  }));
  return {
    requirements: {
      cameraView: project.cameraView,
      requiredVruClasses: project.requiredVruClasses,
      requiredScenarios: project.requiredScenarios,
      allowDraftGroundTruth: project.allowDraftGroundTruth,
    },
    testCases,
    assigned,
    candidates: candidates.slice(start, start + input.pageSize),
    candidateTotal: candidates.length,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** Writes assignments with their current score and reason (inside the caller's transaction). */
export async function writeAssignment(tx: Transaction, projectId: string, rows: ScoredRow[]) {
  if (rows.length === 0) return;
  const held = await tx
    .select({ videoId: projectVideos.videoId, score: projectVideos.score, reason: projectVideos.reason })
    .from(projectVideos)
    .where(
      and(
        eq(projectVideos.projectId, projectId),
        inArray(
          projectVideos.videoId,
          rows.map((r) => r.id),
        ),
      ),
    );
  const before = new Map(held.map((h) => [h.videoId, h]));
  await tx
    .insert(projectVideos)
    .values(rows.map((row) => ({ projectId, videoId: row.id, score: row.score, reason: row.reason })))
    .onConflictDoUpdate({
      target: [projectVideos.projectId, projectVideos.videoId],
      set: { score: sql`excluded.score`, reason: sql`excluded.reason` },
    });
  // A video newly assigned, or scored anew; one assigned again with the same score changed nothing.
  await recordChanges(
    tx,
    rows.flatMap((row) => {
      const was = before.get(row.id);
      if (was && was.score === row.score && was.reason === row.reason) return [];
      return [
        {
          subjectType: "video" as const,
          subjectId: row.id,
          projectId,
          change: was ? "assignment score" : "assigned to the project",
          before: was ? { score: was.score, reason: was.reason } : null,
          after: { score: row.score, reason: row.reason },
        },
      ];
    }),
  );
}

export async function addVideos(raw: z.input<typeof changeAssignmentSchema>) {
  const input = parseInput(changeAssignmentSchema, raw);
  const project = await getProject(input.projectId);
  const rows = await scoredVideos(project, { videoIds: input.videoIds });
  const found = new Set(rows.map((r) => r.id));
  const unknown = input.videoIds.filter((id) => !found.has(id));
  if (unknown.length) {
    throw DomainError.field(
      "NOT_FOUND",
      "videoIds",
      `No video with id ${unknown.slice(0, 3).join(", ")}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ""}: it may have been deleted.`,
    );
  }
  await getDb().transaction(async (tx) => {
    await assertEditable(tx, project.id);
    await writeAssignment(tx, project.id, rows);
  });
  return { added: rows.length, videos: rows };
}

export async function removeVideos(raw: z.input<typeof changeAssignmentSchema>) {
  const input = parseInput(changeAssignmentSchema, raw);
  return getDb().transaction(async (tx) => {
    await assertEditable(tx, input.projectId);
    const removed = await tx
      .delete(projectVideos)
      .where(and(eq(projectVideos.projectId, input.projectId), inArray(projectVideos.videoId, input.videoIds)))
      .returning({ videoId: projectVideos.videoId });
    await recordChanges(
      tx,
      removed.map((r) => ({
        subjectType: "video" as const,
        subjectId: r.videoId,
        projectId: input.projectId,
        change: "removed from the project",
      })),
    );
    return { removed: removed.length };
  });
}

/** The automatic choice: eligible videos scoring at least `minScore`, best first. */
export async function automaticChoice(project: Project, minScore = 0.5): Promise<ScoredRow[]> {
  const all = await scoredVideos(project);
  return all.filter((v) => v.eligible && v.score >= minScore).sort(byScore);
}

export async function assignAutomatically(projectId: string, minScore = 0.5) {
  const project = await getProject(projectId);
  const picked = await automaticChoice(project, minScore);
  await getDb().transaction(async (tx) => {
    await assertEditable(tx, project.id);
    await writeAssignment(tx, project.id, picked);
  });
  return { added: picked.length, videos: picked };
}
