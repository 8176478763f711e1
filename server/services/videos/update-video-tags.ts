/** Sets a video's descriptive tags (kept: the codec read at upload). */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { videos } from "@/db/schema";
import { updateVideoTagsSchema } from "@/lib/validation/video";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { recordChange } from "../../history/record-change";
import { parseInput } from "../parse-input";

export async function updateVideoTags(raw: z.input<typeof updateVideoTagsSchema>) {
  const input = parseInput(updateVideoTagsSchema, raw);
  return getDb().transaction(async (tx) => {
    const [video] = await tx.select().from(videos).where(eq(videos.id, input.id)).for("update");
    if (!video) throw DomainError.field("NOT_FOUND", "id", `No video with id ${input.id}`);
    const tags = { ...(video.tags.codec ? { codec: video.tags.codec } : {}), ...input.tags };
    const [updated] = await tx
      .update(videos)
      .set({ tags, updatedAt: new Date() })
      .where(eq(videos.id, input.id))
      .returning();
    await recordChange(tx, {
      subjectType: "video",
      subjectId: video.id,
      change: "tags",
      before: video.tags,
      after: tags,
    });
    return updated as NonNullable<typeof updated>;
  });
}
