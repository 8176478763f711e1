/** The video library, filtered by name and tags, a page at a time (with the total for paging). */
import { and, count, desc, ilike, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { groundTruthEvents, videos } from "@/db/schema";
import type { listVideosSchema } from "@/lib/validation/video";
import { getDb } from "@/server/runtime/slot";

export async function listVideos(input: z.output<typeof listVideosSchema>) {
  const filters: SQL[] = [];
  if (input.search) filters.push(ilike(videos.fileName, `%${input.search.replace(/[%_\\]/g, "\\$&")}%`));
  if (input.cameraView) filters.push(sql`${videos.tags}->>'cameraView' = ${input.cameraView}`);
  if (input.scenario) filters.push(sql`${videos.tags}->>'scenario' = ${input.scenario}`);
  if (input.vruClass) filters.push(sql`${videos.tags}->'vruClasses' ? ${input.vruClass}`);
  if (input.testCase === "any") filters.push(sql`${videos.tags} ? 'testCase'`);
  else if (input.testCase === "none") filters.push(sql`not (${videos.tags} ? 'testCase')`);
  else if (input.testCase) filters.push(sql`${videos.tags}->>'testCase' = ${input.testCase}`);
  if (input.timeBase === "issues") filters.push(sql`cardinality(${videos.timeBaseIssues}) > 0`);
  if (input.timeBase === "unread") filters.push(sql`${videos.timeBaseIssues} is null`);
  const where = filters.length ? and(...filters) : undefined;
  const db = getDb();
  const [total] = await db.select({ n: count() }).from(videos).where(where);
  const rows = await db
    .select({
      video: videos,
      events: sql<number>`(select count(*)::int from ${groundTruthEvents} where ${groundTruthEvents.videoId} = ${videos.id})`,
    })
    .from(videos)
    .where(where)
    .orderBy(desc(videos.createdAt), desc(videos.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return {
    total: total?.n ?? 0,
    page: input.page,
    pageSize: input.pageSize,
    videos: rows.map((r) => ({ ...r.video, groundTruthEvents: r.events })),
  };
}
