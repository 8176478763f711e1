/** A video's ground-truth events in time order. */
import { asc, eq } from "drizzle-orm";
import { groundTruthEvents } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";

export function listGroundTruth(videoId: string) {
  return getDb()
    .select()
    .from(groundTruthEvents)
    .where(eq(groundTruthEvents.videoId, videoId))
    .orderBy(asc(groundTruthEvents.onsetUs), asc(groundTruthEvents.id));
}
