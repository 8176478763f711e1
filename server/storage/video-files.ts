/**
 * Where video files live: under SIGHTLINE_DATA_DIR/videos, at each video's storage key. The
 * library's upload (videos) writes there; rigs download from there through the rig video route.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { videos } from "@/db/schema";
import { env } from "../env";
import { DomainError } from "../errors";
import { findRigByToken } from "../services/rigs/rig-presence";

export function videoStorageRoot(): string {
  return path.join(env.SIGHTLINE_DATA_DIR, "videos");
}

/** The file of a storage key, refusing keys that would leave the storage folder. */
export function videoPath(storageKey: string): string {
  const root = videoStorageRoot();
  const file = path.resolve(root, storageKey);
  if (!file.startsWith(`${root}${path.sep}`)) throw new DomainError("INVALID_INPUT", "Invalid storage key");
  return file;
}

/** A video's bytes for a rig presenting its token (Authorization: Bearer <token>). */
export async function videoForRig(authorization: string | null, videoId: string) {
  const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : null;
  const rig = token ? await findRigByToken(token) : null;
  if (!rig || rig.status === "disabled") {
    throw new DomainError("UNAUTHORIZED", "A valid rig token is required (Authorization: Bearer <token>).");
  }
  const [video] = await getDb().select().from(videos).where(eq(videos.id, videoId));
  if (!video) throw new DomainError("NOT_FOUND", `No video with id ${videoId}`);
  const file = videoPath(video.storageKey);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    throw new DomainError("NOT_FOUND", `The file of ${video.fileName} is not in the server's video storage.`);
  }
  return {
    fileName: video.fileName,
    sha256: video.sha256,
    size: info.size,
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
  };
}
