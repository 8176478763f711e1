/**
 * Adds a video to the library from an upload stream: stored while its sha256 is computed,
 * probed (duration, fps, resolution, codec), and kept under its hash. A file already in the
 * library (same sha256) is recognised and the existing video returned, not stored twice; a file
 * that is not a readable video is refused and leaves nothing behind.
 */
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { videos } from "@/db/schema";
import { DomainError } from "../../errors";
import { probeVideo } from "../../storage/probe-video";
import { videoStore } from "../../storage/video-store";
import { parseInput } from "../parse-input";

export const MAX_VIDEO_BYTES = 20 * 1024 ** 3;
export const videoExtensions = [".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi"] as const;

export const uploadVideoSchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, "The file needs a name")
    .max(255, "The file name is too long")
    .refine((name) => (videoExtensions as readonly string[]).includes(path.extname(name).toLowerCase()), {
      message: `Upload a video file (${videoExtensions.join(", ")})`,
    }),
});

export async function uploadVideo(source: NodeJS.ReadableStream, raw: { fileName: string }, uploadedBy: string | null) {
  const { fileName } = parseInput(uploadVideoSchema, raw);
  const store = videoStore();
  const staged = await store.stage(source, MAX_VIDEO_BYTES);
  let kept = false;
  try {
    if (staged.size === 0) throw DomainError.field("INVALID_INPUT", "file", `${fileName} is empty.`);
    const [existing] = await getDb().select().from(videos).where(eq(videos.sha256, staged.sha256));
    if (existing) return { video: existing, duplicate: true };
    const meta = await probeVideo(staged.tempPath, fileName);
    const key = `${staged.sha256.slice(0, 2)}/${staged.sha256}${path.extname(fileName).toLowerCase()}`;
    await store.keep(staged, key);
    kept = true;
    const [created] = await getDb()
      .insert(videos)
      .values({
        fileName,
        storageKey: key,
        sha256: staged.sha256,
        sizeBytes: staged.size,
        durationMs: meta.durationMs,
        fps: meta.fps,
        width: meta.width,
        height: meta.height,
        tags: { codec: meta.codec },
        uploadedBy,
      })
      .onConflictDoNothing()
      .returning();
    if (created) return { video: created, duplicate: false };
    // The same file finished uploading meanwhile: it is the same bytes under the same key.
    const [raced] = await getDb().select().from(videos).where(eq(videos.sha256, staged.sha256));
    return { video: raced as NonNullable<typeof raced>, duplicate: true };
  } finally {
    if (!kept) await store.discard(staged);
  }
}
