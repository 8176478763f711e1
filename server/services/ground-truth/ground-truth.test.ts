/**
 * Ground-truth import through the procedures: a preview shows counts and problems and writes
 * nothing; a file with a bad row is refused whole; a fixed file imports and replaces the earlier
 * import; a CVAT export of the JAAD dataset imports as its presence intervals.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { videos } from "@/db/schema";
import { hasReference, referenceDir } from "@/lib/analysis/testing/reference";
import { getDb } from "@/server/runtime/slot";
import { callerAs, makeVideo } from "@/server/testing/factories";

describe("ground-truth import", () => {
  it("previews without writing, refuses a file with a bad row, then imports the fixed file", async () => {
    const { caller } = await callerAs("engineer");
    const video = await makeVideo({ events: 0 });
    const bad = "onset_ms,offset_ms,class\n1000,1800,pedestrian\n4000,3500,cyclist\n";
    const preview = await caller.groundTruth.preview({ videoId: video.id, fileName: "gt.csv", content: bad });
    expect(preview).toMatchObject({ format: "csv", events: 2, problemCount: 1 });
    expect(preview.problems[0]?.message).toBe("ends before it starts");
    expect(await caller.groundTruth.ofVideo({ videoId: video.id })).toEqual([]);

    const refused = await caller.groundTruth
      .import({ videoId: video.id, fileName: "gt.csv", content: bad })
      .catch((e: unknown) => e as TRPCError);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).message).toMatch(
      /1 problem in gt\.csv, nothing imported; first: gt\.csv: event 2: ends before it starts/,
    );
    expect(await caller.groundTruth.ofVideo({ videoId: video.id })).toEqual([]);

    const fixed = bad.replace("4000,3500", "4000,5200");
    expect(await caller.groundTruth.import({ videoId: video.id, fileName: "gt.csv", content: fixed })).toMatchObject({
      imported: 2,
      byClass: { pedestrian: 1, cyclist: 1 },
    });
    await caller.groundTruth.import({ videoId: video.id, fileName: "gt.csv", content: fixed });
    const events = await caller.groundTruth.ofVideo({ videoId: video.id });
    expect(events.map((e) => [e.class, e.onsetUs, e.offsetUs])).toEqual([
      ["pedestrian", 1_000_000, 1_800_000],
      ["cyclist", 4_000_000, 5_200_000],
    ]);
    const [row] = await getDb().select().from(videos).where(eq(videos.id, video.id));
    expect(row?.groundTruthStatus).toBe("draft");
  });

  it.skipIf(!hasReference("jaad_cvat"))("imports a CVAT for video 1.1 export as presence intervals", async () => {
    const { caller } = await callerAs("engineer");
    const video = await makeVideo({ events: 0 }); // 10 s at 30 fps
    const xml = readFileSync(path.join(referenceDir, "jaad_cvat", "video_0009.xml"), "utf8");
    const result = await caller.groundTruth.import({ videoId: video.id, fileName: "video_0009.xml", content: xml });
    expect(result).toMatchObject({ format: "cvat", imported: 2 });
    const events = await caller.groundTruth.ofVideo({ videoId: video.id });
    expect(events.map((e) => Math.round(e.offsetUs / 1000)).sort((a, b) => a - b)).toEqual([1867, 3233]);
  });

  it("is refused to viewers", async () => {
    const { caller } = await callerAs("viewer");
    const video = await makeVideo({ events: 0 });
    await expect(
      caller.groundTruth.preview({ videoId: video.id, fileName: "x.csv", content: "onset\n1\n" }),
    ).rejects.toThrow();
  });
});
