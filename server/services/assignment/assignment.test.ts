/**
 * Scoring videos against a project, the assignment screen's procedures, and the runs' rule: the
 * assign_videos task keeps the assignment made by hand, and generate_ground_truth refuses videos
 * without reviewed ground truth unless the project allows drafts. On a database of its own, so
 * that the automatic choice sees only this file's videos.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { videos } from "@/db/schema";
import { knownCameraView } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { callerAs, makeVideo, projectInput } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { type Engine, startEngine } from "../../workflow/engine";
import { waitForState } from "../../workflow/testing/wait";
import { scoreVideo } from "./score-video";

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 4 });
});
afterAll(async () => {
  await engine?.stop(0);
});

const project = {
  cameraView: "right",
  requiredVruClasses: ["pedestrian", "cyclist"],
  requiredScenarios: ["turning"],
  allowDraftGroundTruth: false,
};

describe("scoreVideo", () => {
  it("weighs view, class and scenario coverage and ground truth, and says why", () => {
    const best = scoreVideo(project, {
      tags: { cameraView: "right", scenario: "Turning", vruClasses: ["cyclist"] },
      groundTruthStatus: "reviewed",
      groundTruthClasses: ["pedestrian"],
    });
    expect(best).toEqual({
      score: 1,
      reason: "right view matches; covers pedestrian, cyclist; scenario Turning needed; ground truth reviewed",
      eligible: true,
    });
    const half = scoreVideo(project, { tags: {}, groundTruthStatus: "draft", groundTruthClasses: ["pedestrian"] });
    expect(half.score).toBe(0.43); // 0.4·0.5 + 0.25·0.5 + 0.15·0 + 0.2·0.5 = 0.425, to two places
    expect(half.reason).toBe(
      "ground truth not reviewed; camera view not tagged; covers pedestrian; lacks cyclist; scenario not tagged",
    );
    expect(half.eligible).toBe(false);
    const allowed = scoreVideo(
      { ...project, allowDraftGroundTruth: true },
      { tags: {}, groundTruthStatus: "draft", groundTruthClasses: [] },
    );
    expect(allowed).toMatchObject({ eligible: true, reason: expect.stringContaining("draft ground truth (allowed)") });
    const wrongView = scoreVideo(project, {
      tags: { cameraView: "front" },
      groundTruthStatus: "reviewed",
      groundTruthClasses: [],
    });
    expect(wrongView.eligible).toBe(false);
    // A project's view is free text; a known view named in it is what videos are tagged with.
    const worded = scoreVideo(
      { ...project, cameraView: "Front-facing VRU" },
      { tags: { cameraView: "front" }, groundTruthStatus: "reviewed", groundTruthClasses: [] },
    );
    expect(worded.reason).toMatch(/^front view matches/);
    expect(knownCameraView("Rear (reversing)")).toBe("rear");
    expect(knownCameraView("left or right")).toBeNull();
    expect(wrongView.reason).toMatch(/^front view, project needs right/);
  });
});

describe("assignment", () => {
  it("lists scored candidates best first, adds and removes, and refuses viewers", async () => {
    const { caller, user } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput({ cameraView: "left" }));
    const good = await makeVideo({ cameraView: "left" });
    const other = await makeVideo({ cameraView: "front" });
    const bare = await makeVideo({ events: 0 });
    const listed = await caller.assignments.ofProject({ projectId: created.id, pageSize: 100 });
    expect(listed.assigned).toEqual([]);
    const order = listed.candidates.map((c) => c.id).filter((id) => [good.id, other.id, bare.id].includes(id));
    expect(order).toEqual([good.id, bare.id, other.id]);
    expect(listed.candidates.find((c) => c.id === good.id)?.reason).toMatch(/left view matches/);

    await caller.assignments.add({ projectId: created.id, videoIds: [good.id, bare.id] });
    const after = await caller.assignments.ofProject({ projectId: created.id, pageSize: 100 });
    expect(after.assigned.map((v) => v.id)).toEqual([good.id, bare.id]);
    expect(after.candidates.some((c) => c.id === good.id)).toBe(false);
    await caller.assignments.remove({ projectId: created.id, videoIds: [bare.id] });
    expect((await caller.assignments.ofProject({ projectId: created.id })).assigned.map((v) => v.id)).toEqual([
      good.id,
    ]);
    await expect(caller.assignments.add({ projectId: created.id, videoIds: [randomUUID()] })).rejects.toThrow(
      /No video with id/,
    );
    const { caller: viewer } = await callerAs("viewer");
    await expect(viewer.assignments.add({ projectId: created.id, videoIds: [bare.id] })).rejects.toThrow(
      /engineer role/,
    );
    expect(user).not.toBeNull();
  });

  it("a run refuses draft ground truth unless the project allows drafts", async () => {
    const { caller } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput({ cameraView: "rear" }));
    const reviewed = await makeVideo({ cameraView: "rear" });
    const draft = await makeVideo({ cameraView: "rear" });
    await getDb().update(videos).set({ groundTruthStatus: "draft" }).where(eq(videos.id, draft.id));
    await caller.assignments.add({ projectId: created.id, videoIds: [reviewed.id, draft.id] });
    const tasks = ["validate_project", "allocate_resources", "assign_videos", "generate_ground_truth"];

    const first = await caller.workflows.create({ projectId: created.id, tasks, start: true });
    const failed = await waitForState(first.id, ["failed", "completed"]);
    expect(failed.state).toBe("failed");
    expect(failed.error).toContain(
      `1 of 2 assigned videos lack reviewed ground truth: ${draft.fileName} (draft, not reviewed)`,
    );
    expect(failed.error).toMatch(/allow draft ground truth/);

    await caller.projects.setVideoRequirements({
      id: created.id,
      videoRequirements: { requiredVruClasses: ["pedestrian"], requiredScenarios: [], allowDraftGroundTruth: true },
    });
    const second = await caller.workflows.create({ projectId: created.id, tasks, start: true });
    const done = await waitForState(second.id, ["failed", "completed"]);
    expect(done.error).toBeNull();
    expect(done.state).toBe("completed");
    // The hand-made assignment was kept (not replaced by the automatic choice) and scored afresh.
    const assigned = await caller.assignments.ofProject({ projectId: created.id });
    expect(assigned.assigned.map((v) => v.id).sort()).toEqual([reviewed.id, draft.id].sort());
  });

  it("without an assignment a run takes the eligible videos automatically", async () => {
    const { caller } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput({ cameraView: "front" }));
    const tagged = await makeVideo({ cameraView: "front" });
    const { id } = await caller.workflows.create({
      projectId: created.id,
      tasks: ["validate_project", "allocate_resources", "assign_videos"],
      start: true,
    });
    expect((await waitForState(id, ["failed", "completed"])).state).toBe("completed");
    const assigned = (await caller.assignments.ofProject({ projectId: created.id })).assigned;
    expect(assigned.map((v) => v.id)).toContain(tagged.id);
    expect(assigned.every((v) => v.eligible)).toBe(true);
  });
});
