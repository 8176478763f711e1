/**
 * Reads a video's time base (DESIGN §12) from its file — every frame's presentation time — and
 * keeps it with the video: frame count, start time, variable frame rate and the issues found, and
 * the frame times that ground truth by frame maps through. Done at upload, and on request for a
 * video uploaded before.
 */
import { eq } from "drizzle-orm";
import { videoFrameTimes, videos } from "@/db/schema";
import { type FrameClock, frameClock } from "@/lib/analysis/frame-time";
import { timeBaseOf } from "@/lib/analysis/time-base";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { FRAMES_MAX, probeFrameTimes } from "../../storage/probe-frames";
import { videoStore } from "../../storage/video-store";

type Video = typeof videos.$inferSelect;

export async function readTimeBase(video: Pick<Video, "id" | "fps" | "durationMs" | "storageKey">): Promise<Video> {
  const read = await probeFrameTimes(videoStore().path(video.storageKey));
  const base = "framesUs" in read ? timeBaseOf(read.framesUs, video) : null;
  let issues: string[];
  if (base) issues = base.issues;
  else if ("tooMany" in read) {
    issues = [
      `more than ${FRAMES_MAX.toLocaleString("en")} frames: their times are not kept; ground truth by frame uses the frame rate`,
    ];
  } else {
    issues = [
      `its frame times could not be read (${"unreadable" in read ? read.unreadable : "no answer"}); ground truth by frame uses the frame rate`,
    ];
  }
  return getDb().transaction(async (tx) => {
    await tx.delete(videoFrameTimes).where(eq(videoFrameTimes.videoId, video.id));
    if ("framesUs" in read && read.framesUs.length) {
      await tx.insert(videoFrameTimes).values({ videoId: video.id, framesUs: read.framesUs });
    }
    const [updated] = await tx
      .update(videos)
      .set({
        frameCount: base?.frames ?? null,
        startTimeUs: base?.startUs ?? null,
        variableFrameRate: base?.variableFrameRate ?? null,
        timeBaseIssues: issues,
        updatedAt: new Date(),
      })
      .where(eq(videos.id, video.id))
      .returning();
    if (!updated) throw new DomainError("NOT_FOUND", `No video with id ${video.id}`);
    return updated;
  });
}

export async function readTimeBaseOf(videoId: string): Promise<Video> {
  const [video] = await getDb().select().from(videos).where(eq(videos.id, videoId));
  if (!video) throw new DomainError("NOT_FOUND", `No video with id ${videoId}: it may have been deleted.`);
  return readTimeBase(video);
}

/** How frames of a video map to times: its own frame timestamps where read, else its fps. */
export async function frameClockOf(video: Pick<Video, "id" | "fps">): Promise<FrameClock> {
  const [row] = await getDb().select().from(videoFrameTimes).where(eq(videoFrameTimes.videoId, video.id));
  return frameClock(video.fps as number, row?.framesUs ?? null);
}
