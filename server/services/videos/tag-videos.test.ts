/**
 * Tags from the UI's three ways in: one video's page, many at once from the library, and a JSON
 * ground-truth file that carries them. Each keeps what it does not name (the codec above all).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { callerAs, makeVideo, projectInput } from "@/server/testing/factories";

const tagsOf = async (id: string) => (await getDb().select().from(videos).where(eq(videos.id, id)))[0]?.tags;

describe("video tags", () => {
  it("are set on many videos at once, classes added and removed, other tags kept", async () => {
    const { caller } = await callerAs("engineer");
    const a = await makeVideo({ events: 0 });
    const b = await makeVideo({ cameraView: "rear", events: 0 });
    await getDb()
      .update(videos)
      .set({ tags: { cameraView: "rear", codec: "h264", vruClasses: ["cyclist", "scooter"], weather: "rain" } })
      .where(eq(videos.id, b.id));
    const done = await caller.videos.tagMany({
      ids: [a.id, b.id, a.id],
      set: { cameraView: "left", scenario: "turning right" },
      addVruClasses: ["pedestrian"],
      removeVruClasses: ["scooter"],
    });
    expect(done).toEqual({ tagged: 2 });
    expect(await tagsOf(a.id)).toEqual({ cameraView: "left", scenario: "turning right", vruClasses: ["pedestrian"] });
    expect(await tagsOf(b.id)).toEqual({
      cameraView: "left",
      scenario: "turning right",
      codec: "h264",
      weather: "rain",
      vruClasses: ["cyclist", "pedestrian"],
    });
    // The filters follow at once.
    const left = await caller.videos.list({ cameraView: "left", vruClass: "pedestrian", pageSize: 100 });
    expect(left.videos.map((v) => v.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it("refuse an empty change, an unknown video (nothing written), and viewers", async () => {
    const { caller } = await callerAs("engineer");
    const a = await makeVideo({ events: 0 });
    await expect(caller.videos.tagMany({ ids: [a.id], set: {} })).rejects.toThrow(/Choose a tag to set/);
    const gone = "00000000-0000-4000-8000-000000000000";
    await expect(caller.videos.tagMany({ ids: [a.id, gone], set: { lighting: "night" } })).rejects.toThrow(
      new RegExp(`No video with id ${gone}`),
    );
    expect(await tagsOf(a.id)).toEqual({});
    await expect(
      caller.videos.tagMany({ ids: Array.from({ length: 101 }, () => a.id), set: { lighting: "day" } }),
    ).rejects.toThrow(/At most 100 videos/);
    const { caller: viewer } = await callerAs("viewer");
    await expect(viewer.videos.tagMany({ ids: [a.id], set: { lighting: "day" } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("come with a JSON ground-truth file, checked like the form's, laid over the video's", async () => {
    const { caller } = await callerAs("engineer");
    const video = await makeVideo({ cameraView: "front", events: 0 });
    const file = JSON.stringify({
      tags: { cameraView: "right", lighting: "night", vruClasses: ["cyclist"] },
      events: [{ onset: 1, offset: 2, class: "bike" }],
    });
    const preview = await caller.groundTruth.preview({ videoId: video.id, fileName: "gt.json", content: file });
    expect(preview.tags).toEqual({ cameraView: "right", lighting: "night", vruClasses: ["cyclist"] });
    const imported = await caller.groundTruth.import({ videoId: video.id, fileName: "gt.json", content: file });
    expect(imported).toMatchObject({ imported: 1, byClass: { cyclist: 1 } });
    expect(await tagsOf(video.id)).toEqual({ cameraView: "right", lighting: "night", vruClasses: ["cyclist"] });

    const bad = JSON.stringify({ tags: { cameraView: "sideways" }, events: [{ onset: 1, offset: 2, class: "ped" }] });
    await expect(caller.groundTruth.import({ videoId: video.id, fileName: "bad.json", content: bad })).rejects.toThrow(
      /1 problem in bad\.json, nothing imported; first: bad\.json: tags\.cameraView: Camera view must be one of/,
    );
    expect((await tagsOf(video.id))?.cameraView).toBe("right");
  });
});

describe("renaming and deleting a video", () => {
  it("renames; deletes one no run played (taken out of its projects); keeps one a run played", async () => {
    const { caller } = await callerAs("engineer");
    const video = await makeVideo({ cameraView: "rear", events: 1 });
    expect(await caller.videos.rename({ id: video.id, fileName: "  night-turn.mp4 " })).toMatchObject({
      fileName: "night-turn.mp4",
    });
    await expect(caller.videos.rename({ id: video.id, fileName: "bad\u0007name" })).rejects.toThrow(
      /control characters/,
    );
    const project = await caller.projects.create(projectInput({ cameraView: "rear" }));
    await caller.assignments.add({ projectId: project.id, videoIds: [video.id] });
    const deleted = await caller.videos.delete({ id: video.id });
    expect(deleted).toMatchObject({ fileName: "night-turn.mp4", removedFromProjects: [project.name] });
    expect(await tagsOf(video.id)).toBeUndefined();

    const played = await makeVideo({ cameraView: "rear", events: 1 });
    const run = await caller.workflows.create({ projectId: project.id, start: false });
    await caller.results.importDetections({
      workflowId: run.id,
      videoId: played.id,
      fileName: "d.txt",
      content: "1.2\n",
    });
    await expect(caller.videos.delete({ id: played.id })).rejects.toThrow(/is kept: 1 run played it/);
    expect(await tagsOf(played.id)).toBeDefined();
    const { caller: viewer } = await callerAs("viewer");
    await expect(viewer.videos.delete({ id: played.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
