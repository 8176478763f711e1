/**
 * Creates a test session from a recorded detection file (CSV, JSON or text, times in seconds
 * from the start of the video): what a rig would have reported, for sessions played without a
 * connected agent. One session and all its events in one transaction: a file is imported whole
 * or not at all. Events with an offset become a rising and a falling edge.
 */

import { eq, sql } from "drizzle-orm";
import { projects, testSessions, videos, workflows } from "@/db/schema";
import { normaliseDetectionClass } from "@/lib/analysis/class-names";
import { EventListError, parseEventList } from "@/lib/analysis/formats";
import { DETECTION_FILE_EVENTS_MAX } from "@/lib/validation/limits";
import { videoViewOf } from "@/lib/validation/project";
import { type ImportDetectionsInput, importDetectionsSchema } from "@/lib/validation/results";
import { getDb } from "@/server/runtime/slot";
import { DomainError, publicMessageOf } from "../../errors";
import { logger } from "../../logger";
import { parseInput } from "../parse-input";
import { reanalyzeRun } from "./reanalyze-run";

const IMPORT_LINE = "import";
const INSERT_CHUNK = 10_000;

export async function importDetections(raw: ImportDetectionsInput) {
  const input = parseInput(importDetectionsSchema, raw);
  let list: ReturnType<typeof parseEventList>;
  try {
    list = parseEventList(input.content, input.fileName, {
      reversedIsError: true,
      maxEvents: DETECTION_FILE_EVENTS_MAX,
    });
  } catch (error) {
    if (error instanceof EventListError) throw DomainError.field("INVALID_INPUT", "content", error.message, error);
    throw error;
  }
  if (list.events.length === 0) {
    throw DomainError.field("INVALID_INPUT", "content", `${input.fileName} holds no detection.`);
  }
  const negative = list.events.findIndex((e) => e.onset < 0);
  if (negative >= 0) {
    throw DomainError.field(
      "INVALID_INPUT",
      "content",
      `${input.fileName}: detection ${negative + 1} is at ${list.events[negative]?.onset} s, before the video starts.`,
    );
  }

  const imported = await getDb().transaction(async (tx) => {
    const [run] = await tx
      .select({ id: workflows.id, state: workflows.state, cameraView: projects.cameraView })
      .from(workflows)
      .innerJoin(projects, eq(projects.id, workflows.projectId))
      .where(eq(workflows.id, input.workflowId));
    if (!run) throw DomainError.field("NOT_FOUND", "workflowId", `No workflow with id ${input.workflowId}`);
    if (run.state === "cancelled") {
      throw new DomainError("ILLEGAL_STATE", "This run was cancelled: start a new run to import detections.");
    }
    const [video] = await tx.select().from(videos).where(eq(videos.id, input.videoId));
    if (!video) throw DomainError.field("NOT_FOUND", "videoId", `No video with id ${input.videoId}`);
    const view = video.tags.cameraView;
    if (view && view !== videoViewOf(run.cameraView)) {
      throw DomainError.field(
        "INVALID_INPUT",
        "videoId",
        `${video.fileName} is a ${view} camera video; this project's camera looks ${run.cameraView}.`,
      );
    }
    const durationUs = video.durationMs === null ? null : video.durationMs * 1000;
    const beyond = durationUs === null ? -1 : list.events.findIndex((e) => Math.round(e.onset * 1e6) > durationUs);
    if (beyond >= 0) {
      throw DomainError.field(
        "INVALID_INPUT",
        "content",
        `${input.fileName}: detection ${beyond + 1} at ${list.events[beyond]?.onset} s is after the end of ${video.fileName} (${(video.durationMs ?? 0) / 1000} s): is it the right video?`,
      );
    }
    const now = new Date();
    const [session] = await tx
      .insert(testSessions)
      .values({
        workflowId: run.id,
        videoId: video.id,
        status: "completed",
        anchorSource: "import",
        metadata: { source: "import", fileName: input.fileName, format: list.format, detections: list.events.length },
        startedAt: now,
        finishedAt: now,
      })
      .returning({ id: testSessions.id });
    const sessionId = (session as { id: string }).id;
    // Edges in chunks, each one statement over a JSON array: the largest file (FILE_EVENTS_MAX
    // events, two edges each) is stored in a few round trips, without a parameter per value.
    let seq = 0;
    for (let at = 0; at < list.events.length; at += INSERT_CHUNK) {
      const edges: {
        seq: number;
        edge: string;
        video_time_us: number;
        class: string | null;
        confidence: number | null;
      }[] = [];
      for (const event of list.events.slice(at, at + INSERT_CHUNK)) {
        const common = { class: normaliseDetectionClass(event.label), confidence: event.confidence };
        edges.push({ ...common, seq: seq++, edge: "rising", video_time_us: Math.round(event.onset * 1e6) });
        if (event.offset !== null) {
          edges.push({ ...common, seq: seq++, edge: "falling", video_time_us: Math.round(event.offset * 1e6) });
        }
      }
      await tx.execute(sql`
        insert into detection_events (session_id, seq, line, edge, video_time_us, class, confidence)
        select ${sessionId}::uuid, x.seq, ${IMPORT_LINE}, x.edge, x.video_time_us, x.class, x.confidence
        from jsonb_to_recordset(${JSON.stringify(edges)}::jsonb)
          as x(seq bigint, edge text, video_time_us bigint, class text, confidence double precision)`);
    }
    return { sessionId, detections: list.events.length, videoFileName: video.fileName, runState: run.state };
  });
  const { runState, ...result } = imported;
  // A finished run is analysed again at once, so its results include the file just imported; a
  // run still going analyses it in its own analysis phase. The import is kept if analysing fails.
  if (runState !== "completed" && runState !== "failed") return { ...result, analysis: null };
  try {
    const analysis = await reanalyzeRun(input.workflowId);
    return { ...result, analysis: { verdict: analysis.verdict, sessions: analysis.sessions, error: null } };
  } catch (error) {
    logger.warn({ err: error, workflowId: input.workflowId }, "analysis after a detection import failed");
    return {
      ...result,
      analysis: {
        verdict: null,
        sessions: 0,
        error: `The detections were imported, but analysing the run failed (${publicMessageOf(error)}): press Analyse again.`,
      },
    };
  }
}
