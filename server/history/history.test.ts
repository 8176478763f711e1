/**
 * The history of changes through the tRPC procedures people use: a row for each kind of change
 * (project settings and their parts, assignment, tags, ground-truth events, imports and reviews,
 * rigs and tokens, users' roles), with who made it and the values before and after, written in
 * the change's own transaction (a refused change leaves none); the database refuses UPDATE,
 * DELETE and TRUNCATE of the table; an evaluation cites the history's version it saw.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changeHistory } from "@/db/schema";
import { defaultJudging, defaultRegressionGate } from "@/lib/validation/project";
import { getDb, getSql } from "@/server/runtime/slot";
import { callerAs, makeVideo, projectInput } from "@/server/testing/factories";

type Caller = Awaited<ReturnType<typeof callerAs>>;
const changesOf = async (who: Caller, subjectType: "project" | "video" | "rig" | "user", subjectId?: string) =>
  (await who.caller.history.list({ subjectType, subjectId, limit: 100 })).entries;

describe("change history", () => {
  let engineer: Caller;
  let reviewer: Caller;
  let admin: Caller;
  let projectId: string;
  let videoId: string;

  it("records each change to a project, with its author and the values before and after", async () => {
    engineer = await callerAs("engineer");
    reviewer = await callerAs("engineer");
    admin = await callerAs("admin");
    const project = await engineer.caller.projects.create(projectInput({ cameraView: "front" }));
    projectId = project.id;
    await engineer.caller.projects.update({
      id: projectId,
      details: { ...projectInput(), name: `${project.name} B`, cameraView: "front" },
    });
    await engineer.caller.projects.setLatencyThresholds({
      id: projectId,
      latencyThresholds: { ...project.latencyThresholds, warningThresholdMs: 90 },
    });
    await engineer.caller.projects.setPassFailCriteria({
      id: projectId,
      passFailCriteria: { ...project.passFailCriteria, minRecall: { enabled: true, value: 0.8 } },
    });
    await engineer.caller.projects.setJudging({ id: projectId, judging: { ...defaultJudging, decisionRule: "point" } });
    await engineer.caller.projects.setRegressionGate({
      id: projectId,
      regressionGate: { ...defaultRegressionGate, maxRecallDrop: 0.1 },
    });
    await engineer.caller.projects.setVideoRequirements({
      id: projectId,
      videoRequirements: {
        requiredVruClasses: ["pedestrian"],
        requiredScenarios: ["crossing"],
        allowDraftGroundTruth: true,
      },
    });
    // Saving what is stored changes nothing, and records nothing.
    await engineer.caller.projects.setJudging({ id: projectId, judging: { ...defaultJudging, decisionRule: "point" } });
    await engineer.caller.projects.archive({ id: projectId });
    await engineer.caller.projects.restore({ id: projectId });

    const rows = await changesOf(engineer, "project", projectId);
    expect(rows.map((r) => r.change).reverse()).toEqual([
      "created",
      "details",
      "latency thresholds",
      "pass/fail criteria",
      "judging",
      "firmware comparison",
      "video requirements",
      "status",
      "status",
    ]);
    expect(rows.every((r) => r.actor === engineer.user?.email && r.actorId === engineer.user?.id)).toBe(true);
    const thresholds = rows.find((r) => r.change === "latency thresholds");
    expect(thresholds?.before).toMatchObject({ warningThresholdMs: project.latencyThresholds.warningThresholdMs });
    expect(thresholds?.after).toMatchObject({ warningThresholdMs: 90 });
    expect(rows.find((r) => r.change === "judging")?.after).toMatchObject({ decisionRule: "point" });
    expect(rows.find((r) => r.change === "status")?.after).toBe("active");
  });

  it("records assignment, tags, ground-truth events, an import and a review on the video", async () => {
    const video = await makeVideo({ cameraView: "front", events: 0 });
    videoId = video.id;
    await engineer.caller.assignments.add({ projectId, videoIds: [videoId] });
    await engineer.caller.videos.updateTags({ id: videoId, tags: { cameraView: "front", scenario: "crossing" } });
    const eventId = randomUUID();
    await engineer.caller.groundTruth.putEvent({
      videoId,
      id: eventId,
      class: "pedestrian",
      onsetUs: 1_000_000,
      offsetUs: 2_000_000,
    });
    await engineer.caller.groundTruth.putEvent({
      videoId,
      id: eventId,
      class: "pedestrian",
      onsetUs: 1_100_000,
      offsetUs: 2_000_000,
    });
    await engineer.caller.groundTruth.deleteEvent({ videoId, id: eventId });
    await engineer.caller.groundTruth.import({
      videoId,
      fileName: "truth.csv",
      content: "onset,offset,class\n1,2,pedestrian\n3,4,cyclist\n",
      replace: true,
    });
    await reviewer.caller.groundTruth.review({ videoId, reviewed: true });
    await engineer.caller.assignments.remove({ projectId, videoIds: [videoId] });

    const rows = (await changesOf(engineer, "video", videoId)).reverse();
    expect(rows.map((r) => r.change)).toEqual([
      "assigned to the project",
      "tags",
      "ground-truth event added",
      "ground-truth event changed",
      "ground-truth event deleted",
      "ground truth imported",
      "ground-truth review",
      "removed from the project",
    ]);
    expect(rows[3]?.before).toMatchObject({ onsetUs: 1_000_000 });
    expect(rows[3]?.after).toMatchObject({ onsetUs: 1_100_000 });
    expect(rows[5]?.after).toMatchObject({ file: "truth.csv", events: 2 });
    expect(rows[6]).toMatchObject({ actor: reviewer.user?.email, after: "reviewed" });
    // The project's history holds its videos' assignment too.
    const project = (await changesOf(engineer, "project", projectId)).map((r) => r.change);
    expect(project).toContain("assigned to the project");
    expect(project).toContain("removed from the project");
  });

  it("records rigs registered and tokens replaced, and users' roles (for admins only)", async () => {
    const { rig } = await admin.caller.rigs.create({ name: `bench ${randomUUID().slice(0, 6)}` });
    await admin.caller.rigs.rotateToken({ id: rig.id });
    const rigs = (await changesOf(engineer, "rig", rig.id)).map((r) => r.change);
    expect(rigs).toEqual(["token replaced", "registered"]);
    expect(JSON.stringify(await changesOf(engineer, "rig"))).not.toMatch(/token":/);

    const target = await callerAs("viewer");
    await admin.caller.users.update({ id: target.user?.id as string, role: "engineer" });
    const users = await changesOf(admin, "user", target.user?.id);
    expect(users[0]).toMatchObject({
      change: "role and access",
      before: { role: "viewer" },
      after: { role: "engineer" },
    });
    await expect(engineer.caller.history.list({ subjectType: "user", subjectId: target.user?.id })).rejects.toThrow(
      /admin/,
    );
  });

  it("leaves no row for a change that was refused", async () => {
    const before = await changesOf(engineer, "project", projectId);
    await expect(
      engineer.caller.projects.setLatencyThresholds({
        id: projectId,
        latencyThresholds: {
          ...projectInput().latencyThresholds,
          warningThresholdMs: 500,
          criticalThresholdMs: 100,
        } as never,
      }),
    ).rejects.toThrow();
    await engineer.caller.projects.archive({ id: projectId });
    await expect(engineer.caller.projects.setJudging({ id: projectId, judging: defaultJudging })).rejects.toThrow(
      /archived/,
    );
    const after = await changesOf(engineer, "project", projectId);
    expect(after.length).toBe(before.length + 1); // the archive only
  });

  it("is append-only: the database refuses UPDATE, DELETE and TRUNCATE", async () => {
    const db = getDb();
    // Drizzle wraps the database's error; its own message is the cause's.
    const refusal = (work: PromiseLike<unknown>) =>
      Promise.resolve(work).then(
        () => "allowed",
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
    expect(await refusal(db.update(changeHistory).set({ change: "nothing happened" }))).toMatch(
      /append-only: UPDATE refused/,
    );
    expect(await refusal(db.delete(changeHistory))).toMatch(/append-only: DELETE refused/);
    expect(await refusal(getSql().unsafe("truncate change_history"))).toMatch(/append-only: TRUNCATE refused/);
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from change_history`)) as unknown as [
      { n: number },
    ];
    expect(n).toBeGreaterThan(20);
  });
});
