/**
 * Reads a ground-truth file for a video and checks it: the one step behind both the preview and
 * the import, so what the preview shows is exactly what an import would write.
 */
import { eq } from "drizzle-orm";
import { videos } from "@/db/schema";
import { EventListError } from "@/lib/analysis/formats";
import {
  checkGroundTruth,
  type GroundTruthRead,
  readCvatVideo,
  readEventListGroundTruth,
  readMot,
} from "@/lib/analysis/ground-truth-formats";
import { type ImportGroundTruthInput, importGroundTruthSchema } from "@/lib/validation/ground-truth";
import { PROBLEMS_KEPT } from "@/lib/validation/limits";
import { type VideoTagsInput, videoTagsSchema } from "@/lib/validation/video";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { parseInput } from "../parse-input";
import { frameClockOf } from "../videos/read-time-base";

const MOT_LINE = /^\s*\d+\s*,\s*-?\d+(\s*,\s*-?[\d.]+){4,}\s*$/;

function detect(format: string, fileName: string, content: string): string {
  if (format !== "auto") return format;
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".xml") || content.trimStart().startsWith("<")) return "cvat";
  const first = content.split(/\r?\n/).find((l) => l.trim() && !l.trim().startsWith("#")) ?? "";
  if (MOT_LINE.test(first)) return "mot";
  return "list";
}

export async function readGroundTruth(raw: ImportGroundTruthInput) {
  const input = parseInput(importGroundTruthSchema, raw);
  const [video] = await getDb().select().from(videos).where(eq(videos.id, input.videoId));
  if (!video) throw DomainError.field("NOT_FOUND", "videoId", `No video with id ${input.videoId}`);
  const format = detect(input.format, input.fileName, input.content);
  const needsFps = format === "cvat" || format === "mot";
  if (needsFps && !video.fps) {
    throw DomainError.field(
      "INVALID_INPUT",
      "content",
      `${input.fileName} counts frames, but the frame rate of ${video.fileName} is unknown: set the video's fps first.`,
    );
  }
  // Frames map to times through the file's own frame timestamps where they were read.
  const clock = needsFps ? await frameClockOf(video) : null;
  let read: GroundTruthRead;
  try {
    read =
      format === "cvat" && clock
        ? readCvatVideo(input.content, clock)
        : format === "mot" && clock
          ? readMot(input.content, clock, input.fileName)
          : readEventListGroundTruth(input.content, input.fileName);
  } catch (error) {
    if (error instanceof EventListError) throw DomainError.field("INVALID_INPUT", "content", error.message, error);
    throw error;
  }
  const durationUs = video.durationMs === null ? null : video.durationMs * 1000;
  const checked = checkGroundTruth(read, durationUs);
  const problems = checked.problems;
  let problemCount = checked.count;
  // Tags in the file (JSON's "tags") describe the video; checked as the tag form checks them.
  let tags: VideoTagsInput | null = null;
  if (read.tags !== undefined) {
    const parsed = videoTagsSchema.strict().safeParse(read.tags);
    if (parsed.success) tags = parsed.data;
    else {
      problemCount += 1;
      if (problems.length < PROBLEMS_KEPT) {
        const issue = parsed.error.issues[0];
        problems.unshift({
          where: `${input.fileName}: tags${issue?.path.length ? `.${issue.path.join(".")}` : ""}`,
          message: issue?.message ?? "not valid tags",
        });
      }
    }
  }
  const byClass: Record<string, number> = {};
  for (const e of read.events) byClass[e.class] = (byClass[e.class] ?? 0) + 1;
  return { input, video, read, problems, problemCount, byClass, tags };
}

/** What the preview shows: counts, the first problems, the first events. */
export async function previewGroundTruth(raw: ImportGroundTruthInput) {
  const { video, read, problems, problemCount, byClass, tags } = await readGroundTruth(raw);
  return {
    video: { id: video.id, fileName: video.fileName },
    tags,
    format: read.format,
    events: read.events.length,
    byClass,
    problemCount,
    problems,
    sample: read.events.slice(0, 10).map(({ source: _source, ...e }) => e),
  };
}
