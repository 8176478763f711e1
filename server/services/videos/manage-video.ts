/**
 * Renaming and deleting a video of the library. A video a run has played (it has test
 * sessions) is evidence and is kept: deleting it is refused, saying which runs use it; one
 * assigned to projects is taken out of them first. Deleting removes the stored file after the
 * row is gone (a failed removal leaves an orphan file, never a row without its file).
 */
import { count, eq, sql } from "drizzle-orm";
import { projects, projectVideos, testSessions, videos } from "@/db/schema";
import { renameVideoSchema, videoIdSchema } from "@/lib/validation/video";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { logger } from "../../logger";
import { videoStore } from "../../storage/video-store";
import { parseInput } from "../parse-input";

export async function renameVideo(raw: unknown) {
  const input = parseInput(renameVideoSchema, raw);
  const [updated] = await getDb()
    .update(videos)
    .set({ fileName: input.fileName, updatedAt: new Date() })
    .where(eq(videos.id, input.id))
    .returning({ id: videos.id, fileName: videos.fileName });
  if (!updated) throw DomainError.field("NOT_FOUND", "id", `No video with id ${input.id}: it may have been deleted.`);
  return updated;
}

export async function deleteVideo(raw: unknown) {
  const { id } = parseInput(videoIdSchema, raw);
  const removed = await getDb().transaction(async (tx) => {
    const [video] = await tx.select().from(videos).where(eq(videos.id, id)).for("update");
    if (!video) throw DomainError.field("NOT_FOUND", "id", `No video with id ${id}: it may have been deleted.`);
    const [played] = await tx
      .select({ sessions: count(), runs: sql<number>`count(distinct ${testSessions.workflowId})::int` })
      .from(testSessions)
      .where(eq(testSessions.videoId, id));
    if ((played?.sessions ?? 0) > 0) {
      throw new DomainError(
        "ILLEGAL_STATE",
        `${video.fileName} is kept: ${played?.runs} run${played?.runs === 1 ? "" : "s"} played it, and their results rest on it. Rename it instead, or untag it.`,
      );
    }
    const assigned = await tx
      .select({ name: projects.name })
      .from(projectVideos)
      .innerJoin(projects, eq(projects.id, projectVideos.projectId))
      .where(eq(projectVideos.videoId, id));
    await tx.delete(projectVideos).where(eq(projectVideos.videoId, id));
    await tx.delete(videos).where(eq(videos.id, id));
    return { video, projects: assigned.map((p) => p.name) };
  });
  await videoStore()
    .remove(removed.video.storageKey)
    .catch((error: unknown) =>
      logger.warn({ err: error, key: removed.video.storageKey }, "a deleted video's file could not be removed"),
    );
  return { id, fileName: removed.video.fileName, removedFromProjects: removed.projects };
}
