/**
 * Videos with what the score needs (tags, ground-truth status, the classes in their events),
 * scored against a project. Scoring happens here in TypeScript, by the one rule in
 * score-video.ts; a library of some thousands of videos scores in milliseconds.
 */
import { and, asc, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { groundTruthEvents, projectVideos, videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import type { Project } from "../projects/get-project";
import { scoreVideo, type VideoScore } from "./score-video";

export type ScoredRow = {
  id: string;
  fileName: string;
  durationMs: number | null;
  tags: typeof videos.$inferSelect.tags;
  groundTruthStatus: typeof videos.$inferSelect.groundTruthStatus;
  groundTruthEvents: number;
  assigned: boolean;
} & VideoScore;

export async function scoredVideos(
  project: Project,
  options: { videoIds?: string[]; search?: string; assignedOnly?: boolean } = {},
  executor: Executor = getDb(),
): Promise<ScoredRow[]> {
  const filters: SQL[] = [];
  if (options.videoIds) filters.push(inArray(videos.id, options.videoIds));
  if (options.search) filters.push(ilike(videos.fileName, `%${options.search.replace(/[%_\\]/g, "\\$&")}%`));
  if (options.assignedOnly) filters.push(sql`${projectVideos.videoId} is not null`);
  const rows = await executor
    .select({
      id: videos.id,
      fileName: videos.fileName,
      durationMs: videos.durationMs,
      tags: videos.tags,
      groundTruthStatus: videos.groundTruthStatus,
      assigned: sql<boolean>`${projectVideos.videoId} is not null`,
      events: sql<number>`(select count(*)::int from ${groundTruthEvents} where ${groundTruthEvents.videoId} = ${videos.id})`,
      classes: sql<
        string[]
      >`coalesce((select array_agg(distinct ${groundTruthEvents.class}) from ${groundTruthEvents} where ${groundTruthEvents.videoId} = ${videos.id}), '{}')`,
    })
    .from(videos)
    .leftJoin(projectVideos, and(eq(projectVideos.videoId, videos.id), eq(projectVideos.projectId, project.id)))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(videos.fileName), asc(videos.id));
  return rows.map(({ classes, events, ...row }) => ({
    ...row,
    groundTruthEvents: events,
    ...scoreVideo(project, { tags: row.tags, groundTruthStatus: row.groundTruthStatus, groundTruthClasses: classes }),
  }));
}

/** Best first; equal scores by name. */
export function byScore(a: ScoredRow, b: ScoredRow): number {
  return b.score - a.score || a.fileName.localeCompare(b.fileName);
}
