/** Rigs download the videos they play from storage, with their token. */
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { videoStore } from "../../storage/video-store";
import { findRigByToken } from "../rigs/rig-presence";

/** A video's bytes for a rig presenting its token (Authorization: Bearer <token>). */
export async function videoForRig(authorization: string | null, videoId: string) {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : null;
  const rig = token ? await findRigByToken(token) : null;
  if (!rig || rig.status === "disabled") {
    throw new DomainError("UNAUTHORIZED", "A valid rig token is required (Authorization: Bearer <token>).");
  }
  const [video] = await getDb().select().from(videos).where(eq(videos.id, videoId));
  if (!video) throw new DomainError("NOT_FOUND", `No video with id ${videoId}`);
  const size = await videoStore().size(video.storageKey);
  if (size === null) {
    throw new DomainError("NOT_FOUND", `The file of ${video.fileName} is not in the server's video storage.`);
  }
  return {
    fileName: video.fileName,
    sha256: video.sha256,
    size,
    body: Readable.toWeb(videoStore().read(video.storageKey) as Readable) as ReadableStream,
  };
}
