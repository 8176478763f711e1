/**
 * A second engineer marks a video's ground truth reviewed: not the one who last changed it, and
 * only when there are events to review. Opening it again makes it a draft without a new editor.
 */
import { eq } from "drizzle-orm";
import { videos } from "@/db/schema";
import { reviewGroundTruthSchema } from "@/lib/validation/ground-truth";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { recordChange } from "../../history/record-change";
import { parseInput } from "../parse-input";
import { lockVideo } from "./edit-state";

export async function reviewGroundTruth(raw: unknown, userId: string) {
  const input = parseInput(reviewGroundTruthSchema, raw);
  return getDb().transaction(async (tx) => {
    const video = await lockVideo(tx, input.videoId);
    if (!input.reviewed) {
      if (video.groundTruthStatus !== "reviewed") return video;
      const [row] = await tx
        .update(videos)
        .set({ groundTruthStatus: "draft", groundTruthReviewedBy: null, groundTruthReviewedAt: null })
        .where(eq(videos.id, video.id))
        .returning();
      await recordChange(tx, {
        subjectType: "video",
        subjectId: video.id,
        change: "ground-truth review",
        before: "reviewed",
        after: "draft",
      });
      return row as typeof videos.$inferSelect;
    }
    if (video.groundTruthStatus === "none") {
      throw new DomainError("ILLEGAL_STATE", `${video.fileName} has no ground-truth events to review yet.`);
    }
    if (video.groundTruthStatus === "reviewed") return video;
    if (video.groundTruthEditedBy === userId) {
      throw new DomainError(
        "FORBIDDEN",
        `You made the last change to the ground truth of ${video.fileName}: a second engineer must review it.`,
      );
    }
    const [row] = await tx
      .update(videos)
      .set({ groundTruthStatus: "reviewed", groundTruthReviewedBy: userId, groundTruthReviewedAt: new Date() })
      .where(eq(videos.id, video.id))
      .returning();
    await recordChange(tx, {
      subjectType: "video",
      subjectId: video.id,
      change: "ground-truth review",
      before: video.groundTruthStatus,
      after: "reviewed",
    });
    return row as typeof videos.$inferSelect;
  });
}
