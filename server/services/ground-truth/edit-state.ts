/**
 * The ground-truth status follows the events: any change makes them a draft by the one who made
 * it (or "none" when no event is left) and drops an earlier review. Every change runs in a
 * transaction holding the video's row lock, so a review cannot slip between a change and its
 * status.
 */
import { count, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { groundTruthEvents, videos } from "@/db/schema";
import { DomainError } from "../../errors";

export async function lockVideo(tx: Transaction, id: string) {
  const [video] = await tx.select().from(videos).where(eq(videos.id, id)).for("update");
  if (!video) throw new DomainError("NOT_FOUND", `No video with id ${id}: it may have been deleted.`);
  return video;
}

export async function markEdited(tx: Transaction, videoId: string, editedBy: string | null) {
  const [events] = await tx
    .select({ n: count() })
    .from(groundTruthEvents)
    .where(eq(groundTruthEvents.videoId, videoId));
  const [video] = await tx
    .update(videos)
    .set({
      groundTruthStatus: (events?.n ?? 0) > 0 ? "draft" : "none",
      groundTruthEditedBy: editedBy,
      groundTruthReviewedBy: null,
      groundTruthReviewedAt: null,
      updatedAt: new Date(),
    })
    .where(eq(videos.id, videoId))
    .returning({ status: videos.groundTruthStatus });
  return video?.status ?? "none";
}
