/**
 * Annotation saves and the ground-truth status: put and delete are idempotent by the browser's
 * ids, any change makes a draft by its editor, only a second engineer can mark it reviewed, and
 * times are checked against the video. On a database of its own: other files' runs pick
 * reviewed videos from the shared library and must not see these change status under them.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { videos } from "@/db/schema";
import { frameAtUs, frameTimeUs } from "@/lib/analysis/frame-time";
import { getDb } from "@/server/runtime/slot";
import { callerAs, makeVideo } from "@/server/testing/factories";

const statusOf = async (id: string) =>
  (await getDb().select().from(videos).where(eq(videos.id, id)))[0]?.groundTruthStatus;

describe("annotation", () => {
  it("saves events idempotently, keeps a draft by its editor, and needs a second engineer to review", async () => {
    const { caller: alice } = await callerAs("engineer");
    const { caller: bob } = await callerAs("engineer");
    const video = await makeVideo({ events: 0 }); // 10 s at 30 fps
    expect(await statusOf(video.id)).toBe("none");

    const id = randomUUID();
    const event = {
      videoId: video.id,
      id,
      class: "Pedestrian",
      onsetUs: frameTimeUs(15, 30),
      offsetUs: frameTimeUs(45, 30),
    };
    const saved = await alice.groundTruth.putEvent(event);
    expect(saved.event).toMatchObject({
      id,
      class: "pedestrian",
      onsetUs: 500_000,
      offsetUs: 1_500_000,
      source: "annotated",
    });
    expect(saved.status).toBe("draft");
    await alice.groundTruth.putEvent(event); // a retried save changes nothing
    expect(await alice.groundTruth.ofVideo({ videoId: video.id })).toHaveLength(1);

    await expect(alice.groundTruth.review({ videoId: video.id, reviewed: true })).rejects.toThrow(
      /You made the last change .*: a second engineer must review it/,
    );
    const reviewed = await bob.groundTruth.review({ videoId: video.id, reviewed: true });
    expect(reviewed.groundTruthStatus).toBe("reviewed");

    // Any change drops the review; the changer cannot review their own change.
    await bob.groundTruth.putEvent({ ...event, class: "cyclist" });
    expect(await statusOf(video.id)).toBe("draft");
    await expect(bob.groundTruth.review({ videoId: video.id, reviewed: true })).rejects.toThrow(/second engineer/);
    await alice.groundTruth.review({ videoId: video.id, reviewed: true });
    await alice.groundTruth.review({ videoId: video.id, reviewed: false });
    expect(await statusOf(video.id)).toBe("draft");

    expect(await bob.groundTruth.deleteEvent({ videoId: video.id, id })).toEqual({ deleted: true, status: "none" });
    expect(await bob.groundTruth.deleteEvent({ videoId: video.id, id })).toEqual({ deleted: false, status: null });
    await expect(alice.groundTruth.review({ videoId: video.id, reviewed: true })).rejects.toThrow(
      /no ground-truth events/,
    );
    // Undo of a deletion puts back the same event.
    await bob.groundTruth.putEvent(event);
    expect((await bob.groundTruth.ofVideo({ videoId: video.id })).map((e) => e.id)).toEqual([id]);
  });

  it("refuses bad events with the field at fault, and viewers", async () => {
    const { caller } = await callerAs("engineer");
    const video = await makeVideo({ events: 0 });
    const base = { videoId: video.id, id: randomUUID(), class: "pedestrian", onsetUs: 1_000_000, offsetUs: 2_000_000 };
    await expect(caller.groundTruth.putEvent({ ...base, offsetUs: 1_000_000 })).rejects.toThrow(
      /offset must come after the onset/,
    );
    await expect(caller.groundTruth.putEvent({ ...base, offsetUs: 10_500_000 })).rejects.toThrow(
      /beyond the end of the video \(10\.000 s\)/,
    );
    await expect(caller.groundTruth.putEvent({ ...base, class: "truck" })).rejects.toThrow(/Unknown class "truck"/);
    const other = await makeVideo({ events: 0 });
    await caller.groundTruth.putEvent(base);
    await expect(caller.groundTruth.putEvent({ ...base, videoId: other.id })).rejects.toThrow(
      /belongs to another video/,
    );
    const { caller: viewer } = await callerAs("viewer");
    await expect(viewer.groundTruth.putEvent({ ...base, id: randomUUID() })).rejects.toThrow(/needs the engineer role/);
    await expect(viewer.groundTruth.review({ videoId: video.id, reviewed: true })).rejects.toThrow(/engineer role/);
  });

  it("an import is a draft by the importer", async () => {
    const { caller: alice } = await callerAs("engineer");
    const { caller: bob } = await callerAs("engineer");
    const video = await makeVideo({ events: 0 });
    const content = "onset_ms,offset_ms,class\n1000,1800,pedestrian\n";
    expect(await alice.groundTruth.import({ videoId: video.id, fileName: "gt.csv", content })).toMatchObject({
      status: "draft",
    });
    await expect(alice.groundTruth.review({ videoId: video.id, reviewed: true })).rejects.toThrow(/second engineer/);
    expect((await bob.groundTruth.review({ videoId: video.id, reviewed: true })).groundTruthStatus).toBe("reviewed");
  });
});

describe("frame times", () => {
  it("a frame's time maps back to the frame at any fps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom(10, 12.5, 23.976, 24, 25, 29.97, 30, 50, 59.94, 60, 120),
        (frame, fps) => frameAtUs(frameTimeUs(frame, fps), fps) === frame,
      ),
    );
    expect(frameTimeUs(1, 29.97)).toBe(33_367);
    expect(frameAtUs(33_366, 29.97)).toBe(0);
  });
});
