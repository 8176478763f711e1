/**
 * Adds a video to the library from an upload stream: stored while its sha256 is computed,
 * probed (duration, fps, resolution, codec), and kept under its hash. A file already in the
 * library (same sha256) is recognised and the existing video returned, not stored twice; a file
 * that is not a readable video is refused and leaves nothing behind.
 */
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { videos } from "@/db/schema";
import { UPLOADS_AT_ONCE, VIDEO_MAX_BYTES } from "@/lib/validation/limits";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { probeVideo } from "../../storage/probe-video";
import { videoStore } from "../../storage/video-store";
import { parseInput } from "../parse-input";
import { readTimeBase } from "./read-time-base";

const videoExtensions = [".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi"] as const;

const uploadVideoSchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, "The file needs a name")
    .max(255, "The file name is too long")
    .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 32), {
      message: "The file name must not contain control characters",
    })
    .refine((name) => (videoExtensions as readonly string[]).includes(path.extname(name).toLowerCase()), {
      message: `Upload a video file (${videoExtensions.join(", ")})`,
    }),
});

/** Uploads being received now, in this process (bounded by UPLOADS_AT_ONCE). */
let receiving = 0;

export async function uploadVideo(source: NodeJS.ReadableStream, raw: { fileName: string }, uploadedBy: string | null) {
  const { fileName } = parseInput(uploadVideoSchema, raw);
  if (receiving >= UPLOADS_AT_ONCE) {
    throw new DomainError(
      "UNAVAILABLE",
      `Sightline is receiving ${UPLOADS_AT_ONCE} uploads already: upload ${fileName} again when one of them has finished.`,
    );
  }
  receiving++;
  try {
    return await receive(source, fileName, uploadedBy);
  } finally {
    receiving--;
  }
}

async function receive(source: NodeJS.ReadableStream, fileName: string, uploadedBy: string | null) {
  const store = videoStore();
  const staged = await store.stage(source, VIDEO_MAX_BYTES);
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
      .returning()
      .catch(async (error: unknown) => {
        // Not recorded: the kept file is nobody's (unless the same bytes were recorded meanwhile).
        const [same] = await getDb().select({ id: videos.id }).from(videos).where(eq(videos.sha256, staged.sha256));
        if (!same) await store.remove(key);
        throw error;
      });
    if (created) return { video: await readTimeBase(created), duplicate: false };
    // The same file finished uploading meanwhile: it is the same bytes under the same key.
    const [raced] = await getDb().select().from(videos).where(eq(videos.sha256, staged.sha256));
    return { video: raced as NonNullable<typeof raced>, duplicate: true };
  } finally {
    if (!kept) await store.discard(staged);
  }
}
