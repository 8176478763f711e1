/**
 * Annotation in the browser saves one event at a time: put (create or replace, by the id the
 * browser made) and delete, both idempotent so that a retried save or an undo is harmless.
 */
import { and, eq } from "drizzle-orm";
import { groundTruthEvents } from "@/db/schema";
import { vruClasses } from "@/lib/analysis/class-names";
import { deleteGroundTruthEventSchema, putGroundTruthEventSchema } from "@/lib/validation/ground-truth";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { recordChange } from "../../history/record-change";
import { parseInput } from "../parse-input";
import { lockVideo, markEdited } from "./edit-state";

export async function putGroundTruthEvent(raw: unknown, userId: string) {
  const input = parseInput(putGroundTruthEventSchema, raw);
  const eventClass = input.class.toLowerCase();
  if (!(vruClasses as readonly string[]).includes(eventClass)) {
    throw DomainError.field(
      "INVALID_INPUT",
      "class",
      `Unknown class "${input.class}": use one of ${vruClasses.join(", ")}.`,
    );
  }
  return getDb().transaction(async (tx) => {
    const video = await lockVideo(tx, input.videoId);
    const durationUs = video.durationMs === null ? null : video.durationMs * 1000;
    if (durationUs !== null && input.deadlineUs != null && input.deadlineUs > durationUs) {
      throw DomainError.field(
        "INVALID_INPUT",
        "deadlineUs",
        `The deadline ${(input.deadlineUs / 1e6).toFixed(3)} s is beyond the end of the video (${(durationUs / 1e6).toFixed(3)} s).`,
      );
    }
    if (durationUs !== null && input.offsetUs > durationUs) {
      throw DomainError.field(
        "INVALID_INPUT",
        "offsetUs",
        `The offset ${(input.offsetUs / 1e6).toFixed(3)} s is beyond the end of the video (${(durationUs / 1e6).toFixed(3)} s).`,
      );
    }
    const [existing] = await tx.select().from(groundTruthEvents).where(eq(groundTruthEvents.id, input.id));
    if (existing && existing.videoId !== input.videoId) {
      throw new DomainError("CONFLICT", `Event ${input.id} belongs to another video.`);
    }
    const values = {
      class: eventClass,
      onsetUs: input.onsetUs,
      offsetUs: input.offsetUs,
      trackId: input.trackId ?? null,
      zone: input.zone ?? null,
      notBeforeUs: input.notBeforeUs ?? null,
      deadlineUs: input.deadlineUs ?? null,
      // An edited imported event is a person's work now: a later re-import must not drop it.
      source: "annotated" as const,
    };
    const [event] = await tx
      .insert(groundTruthEvents)
      .values({ id: input.id, videoId: input.videoId, ...values })
      .onConflictDoUpdate({ target: groundTruthEvents.id, set: values })
      .returning();
    const status = await markEdited(tx, input.videoId, userId);
    const shown = (e: {
      class: string;
      onsetUs: number;
      offsetUs: number;
      trackId: string | null;
      zone: string | null;
      notBeforeUs: number | null;
      deadlineUs: number | null;
    }) => ({
      id: input.id,
      class: e.class,
      onsetUs: e.onsetUs,
      offsetUs: e.offsetUs,
      trackId: e.trackId,
      zone: e.zone,
      // Only where set, so the history of events without a window reads as before.
      ...(e.notBeforeUs === null ? {} : { notBeforeUs: e.notBeforeUs }),
      ...(e.deadlineUs === null ? {} : { deadlineUs: e.deadlineUs }),
    });
    await recordChange(tx, {
      subjectType: "video",
      subjectId: input.videoId,
      change: existing ? "ground-truth event changed" : "ground-truth event added",
      before: existing ? shown(existing) : null,
      after: shown(values),
    });
    return { event: event as typeof groundTruthEvents.$inferSelect, status };
  });
}

export async function deleteGroundTruthEvent(raw: unknown, userId: string) {
  const input = parseInput(deleteGroundTruthEventSchema, raw);
  return getDb().transaction(async (tx) => {
    await lockVideo(tx, input.videoId);
    const deleted = await tx
      .delete(groundTruthEvents)
      .where(and(eq(groundTruthEvents.id, input.id), eq(groundTruthEvents.videoId, input.videoId)))
      .returning();
    // Deleting what is already gone (a retried save) changes nothing, not even the status.
    const [gone] = deleted;
    if (!gone) return { deleted: false, status: null };
    await recordChange(tx, {
      subjectType: "video",
      subjectId: input.videoId,
      change: "ground-truth event deleted",
      before: {
        id: gone.id,
        class: gone.class,
        onsetUs: gone.onsetUs,
        offsetUs: gone.offsetUs,
        trackId: gone.trackId,
        zone: gone.zone,
      },
    });
    return { deleted: true, status: await markEdited(tx, input.videoId, userId) };
  });
}
