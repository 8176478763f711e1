/**
 * Uploads into the library: a real (tiny) video is stored with its metadata read by ffprobe, the
 * same file again is recognised, and a file that is not a video is refused leaving nothing behind.
 */
import { createReadStream, readdirSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { videoStore } from "../../storage/video-store";
import { uploadVideo } from "./upload-video";

const sample = path.resolve(import.meta.dirname, "../../../e2e/fixtures/media/sample.mp4");

describe("uploadVideo", () => {
  it("stores a video with its metadata, and recognises the same file uploaded again", async () => {
    const first = await uploadVideo(createReadStream(sample), { fileName: "crossing.mp4" }, null);
    if (!first.duplicate) {
      expect(first.video).toMatchObject({
        fileName: "crossing.mp4",
        durationMs: 2000,
        fps: 10,
        width: 160,
        height: 120,
      });
      expect(first.video.tags).toMatchObject({ codec: "h264" });
    }
    expect(await videoStore().size(first.video.storageKey)).toBe(first.video.sizeBytes);
    const again = await uploadVideo(createReadStream(sample), { fileName: "copy.mp4" }, null);
    expect(again).toMatchObject({ duplicate: true, video: { id: first.video.id } });
  });

  it("refuses what is not a video, and keeps nothing of it", async () => {
    const text = Readable.from([Buffer.from(`not a video ${Date.now()}`)]);
    await expect(uploadVideo(text, { fileName: "notes.mp4" }, null)).rejects.toThrow(
      /notes\.mp4 is not a video Sightline can read/,
    );
    const uploads = path.join(path.dirname(videoStore().path("x")), ".uploads");
    expect(readdirSync(uploads)).toEqual([]);
    expect(await getDb().select().from(videos).where(eq(videos.fileName, "notes.mp4"))).toEqual([]);
    await expect(uploadVideo(Readable.from([Buffer.from("x")]), { fileName: "notes.txt" }, null)).rejects.toThrow(
      /Upload a video file/,
    );
  });
});
