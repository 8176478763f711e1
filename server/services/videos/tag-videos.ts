/**
 * Tags many videos at once (the library's selection): the tags given replace each video's,
 * VRU classes are added or removed, everything else a video has (its codec, other tags) stays.
 * One transaction: all the videos are tagged, or none (an unknown id names itself).
 */
import { eq, inArray } from "drizzle-orm";
import { type VideoTags, videos } from "@/db/schema";
import { type TagVideosInput, tagVideosSchema } from "@/lib/validation/video";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { recordChange } from "../../history/record-change";
import { parseInput } from "../parse-input";

export async function tagVideos(raw: TagVideosInput) {
  const input = parseInput(tagVideosSchema, raw);
  const ids = [...new Set(input.ids)];
  const set = Object.fromEntries(Object.entries(input.set).filter(([, v]) => v !== undefined && v !== ""));
  if (Object.keys(set).length === 0 && input.addVruClasses.length === 0 && input.removeVruClasses.length === 0) {
    throw DomainError.field("INVALID_INPUT", "set", "Choose a tag to set, or a VRU class to add or remove.");
  }
  return getDb().transaction(async (tx) => {
    const rows = await tx.select().from(videos).where(inArray(videos.id, ids)).for("update");
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) {
      throw DomainError.field("NOT_FOUND", "ids", `No video with id ${missing[0]}: it may have been deleted.`);
    }
    const now = new Date();
    for (const video of rows) {
      const classes = new Set(video.tags.vruClasses ?? []);
      for (const c of input.addVruClasses) classes.add(c);
      for (const c of input.removeVruClasses) classes.delete(c);
      const tags: VideoTags = { ...video.tags, ...set, vruClasses: [...classes].sort() };
      if (tags.vruClasses?.length === 0) delete tags.vruClasses;
      await tx.update(videos).set({ tags, updatedAt: now }).where(eq(videos.id, video.id));
      await recordChange(tx, {
        subjectType: "video",
        subjectId: video.id,
        change: "tags",
        before: video.tags,
        after: tags,
      });
    }
    return { tagged: rows.length };
  });
}
