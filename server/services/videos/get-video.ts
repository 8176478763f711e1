/** One video of the library. */
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { videos } from "@/db/schema";
import { DomainError } from "../../errors";

export async function getVideo(id: string) {
  const [video] = await getDb().select().from(videos).where(eq(videos.id, id));
  if (!video) throw new DomainError("NOT_FOUND", `No video with id ${id}: it may have been deleted.`);
  return video;
}
