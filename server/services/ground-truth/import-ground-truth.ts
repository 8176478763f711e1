/**
 * Imports a ground-truth file for a video, all or nothing: a file with any problem the preview
 * would show is refused with the first of them, and nothing is written. Replaces the video's
 * earlier imported events (annotations made in Sightline stay) in one transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import { groundTruthEvents, videos } from "@/db/schema";
import type { ImportGroundTruthInput } from "@/lib/validation/ground-truth";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { sha256Hex } from "../../evidence/digest";
import { recordChange } from "../../history/record-change";
import { lockVideo, markEdited } from "./edit-state";
import { readGroundTruth } from "./read-ground-truth";

/** `userId` is the importer: the import is their draft, to be reviewed by someone else. */
export async function importGroundTruth(raw: ImportGroundTruthInput, userId: string | null) {
  const { input, video, read, problems, problemCount, byClass, tags } = await readGroundTruth(raw);
  if (problems.length > 0) {
    const first = problems[0] as { where: string; message: string };
    throw DomainError.field(
      "INVALID_INPUT",
      "content",
      `${problemCount} problem${problemCount === 1 ? "" : "s"} in ${input.fileName}, nothing imported; first: ${first.where}: ${first.message}`,
    );
  }
  return getDb().transaction(async (tx) => {
    await lockVideo(tx, video.id);
    const replaced = input.replace
      ? await tx
          .delete(groundTruthEvents)
          .where(and(eq(groundTruthEvents.videoId, video.id), eq(groundTruthEvents.source, "imported")))
          .returning({ id: groundTruthEvents.id })
      : [];
    if (read.events.length) {
      await tx.insert(groundTruthEvents).values(
        read.events.map((e) => ({
          videoId: video.id,
          class: e.class,
          onsetUs: e.onsetUs,
          offsetUs: e.offsetUs,
          trackId: e.trackId,
          zone: e.zone,
          notBeforeUs: e.notBeforeUs,
          deadlineUs: e.deadlineUs,
          source: "imported" as const,
        })),
      );
    }
    if (tags) {
      // The file's tags are laid over the video's (a tag the file does not name is kept).
      await tx
        .update(videos)
        .set({ tags: sql`${videos.tags} || ${JSON.stringify(tags)}::jsonb`, updatedAt: new Date() })
        .where(eq(videos.id, video.id));
    }
    const status = await markEdited(tx, video.id, userId);
    // One row for the whole file (it may hold 50,000 events): what it was, what it replaced.
    await recordChange(tx, {
      subjectType: "video",
      subjectId: video.id,
      change: "ground truth imported",
      before: { importedEvents: replaced.length },
      after: {
        file: input.fileName,
        format: read.format,
        events: read.events.length,
        sha256: sha256Hex(input.content),
        ...(tags ? { tags } : {}),
      },
    });
    return { videoId: video.id, format: read.format, imported: read.events.length, byClass, status, tags };
  });
}
