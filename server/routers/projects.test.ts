import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { latencyThresholds, passFailCriteria, projects } from "@/db/schema";
import { defaultLatencyThresholds, defaultPassFailCriteria } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { callerAs, projectInput } from "@/server/testing/factories";

async function countProjectsNamed(name: string) {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(projects)
    .where(sql`lower(btrim(${projects.name})) = lower(btrim(${name}))`);
  return row?.n ?? 0;
}

/** Runs a call that must fail and returns the tRPC error with its formatted shape's data. */
async function refused(call: Promise<unknown>) {
  const error = await call.then(
    () => {
      throw new Error("the call was expected to be refused");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("projects", () => {
  it("creates a project with the design's default thresholds and criteria", async () => {
    const { caller, user } = await callerAs("engineer");
    const input = projectInput();
    const created = await caller.projects.create(input);
    expect(created.name).toBe(input.name);
    expect(created.createdBy).toBe(user?.id);
    expect(created.latencyThresholds).toEqual({
      detectionLatencyMs: 100,
      processingLatencyMs: 500,
      endToEndLatencyMs: 1000,
      signalProcessingLatencyMs: 50,
      warningThresholdMs: 80,
      criticalThresholdMs: 150,
    });
    expect(created.passFailCriteria).toEqual(defaultPassFailCriteria);
    expect(created.passFailCriteria.maxLatencyMs.statistic).toBe("p95");

    const fetched = await caller.projects.byId({ id: created.id });
    expect(fetched).toEqual(created);
    const list = await caller.projects.list();
    expect(list.map((p) => p.id)).toContain(created.id);
  });

  it("edits details, thresholds and criteria", async () => {
    const { caller } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput());
    const renamed = `${created.name} (rev B)`;
    const updated = await caller.projects.update({
      id: created.id,
      details: {
        name: renamed,
        description: "night tests",
        cameraModel: "X2",
        cameraView: "front",
        signalType: "network",
      },
    });
    expect(updated).toMatchObject({
      name: renamed,
      cameraView: "front",
      signalType: "network",
      description: "night tests",
    });

    const thresholds = { ...defaultLatencyThresholds, warningThresholdMs: 120, criticalThresholdMs: 120 };
    const withThresholds = await caller.projects.setLatencyThresholds({
      id: created.id,
      latencyThresholds: thresholds,
    });
    expect(withThresholds.latencyThresholds).toEqual(thresholds);

    const criteria = {
      ...defaultPassFailCriteria,
      minRecall: { enabled: false, value: 0.5 },
      maxLatencyMs: { enabled: true, value: 250, statistic: "p99" as const },
    };
    const withCriteria = await caller.projects.setPassFailCriteria({ id: created.id, passFailCriteria: criteria });
    expect(withCriteria.passFailCriteria).toEqual(criteria);
    expect(withCriteria.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
  });

  it("archives and restores; an archived project is hidden from the list and refuses edits", async () => {
    const { caller } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput());
    const archived = await caller.projects.archive({ id: created.id });
    expect(archived.status).toBe("archived");
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await caller.projects.list()).map((p) => p.id)).not.toContain(created.id);
    expect((await caller.projects.list({ includeArchived: true })).map((p) => p.id)).toContain(created.id);

    const edit = await refused(
      caller.projects.setLatencyThresholds({ id: created.id, latencyThresholds: defaultLatencyThresholds }),
    );
    expect(edit.code).toBe("CONFLICT");
    expect(edit.message).toMatch(/archived/);
    expect((await refused(caller.projects.archive({ id: created.id }))).code).toBe("CONFLICT");

    const restored = await caller.projects.restore({ id: created.id });
    expect(restored.status).toBe("active");
    expect(restored.archivedAt).toBeNull();
  });

  it("answers NOT_FOUND for an unknown project", async () => {
    const { caller } = await callerAs("viewer");
    const error = await refused(caller.projects.byId({ id: "00000000-0000-4000-8000-000000000000" }));
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("projects: bad input is refused by the procedure, naming the field, and nothing is written", () => {
  const cases: Array<{ what: string; field: string; patch: (i: ReturnType<typeof projectInput>) => unknown }> = [
    {
      what: "a negative time",
      field: "latencyThresholds.detectionLatencyMs",
      patch: (i) => ({ ...i, latencyThresholds: { ...defaultLatencyThresholds, detectionLatencyMs: -5 } }),
    },
    {
      what: "a zero time",
      field: "latencyThresholds.endToEndLatencyMs",
      patch: (i) => ({ ...i, latencyThresholds: { ...defaultLatencyThresholds, endToEndLatencyMs: 0 } }),
    },
    {
      what: "a ratio above 1",
      field: "passFailCriteria.minPrecision.value",
      patch: (i) => ({
        ...i,
        passFailCriteria: { ...defaultPassFailCriteria, minPrecision: { enabled: true, value: 1.2 } },
      }),
    },
    {
      what: "a ratio below 0",
      field: "passFailCriteria.maxFalsePositiveRate.value",
      patch: (i) => ({
        ...i,
        passFailCriteria: { ...defaultPassFailCriteria, maxFalsePositiveRate: { enabled: true, value: -0.1 } },
      }),
    },
    {
      what: "warning above critical",
      field: "latencyThresholds.warningThresholdMs",
      patch: (i) => ({
        ...i,
        latencyThresholds: { ...defaultLatencyThresholds, warningThresholdMs: 200, criticalThresholdMs: 150 },
      }),
    },
    { what: "an empty name", field: "name", patch: (i) => ({ ...i, name: "   " }) },
    { what: "an empty camera view", field: "cameraView", patch: (i) => ({ ...i, cameraView: "  " }) },
    { what: "an unknown signal type", field: "signalType", patch: (i) => ({ ...i, signalType: "smoke" as never }) },
  ];

  for (const { what, field, patch } of cases) {
    it(`refuses ${what} on create`, async () => {
      const { caller } = await callerAs("engineer");
      const input = projectInput();
      const error = await refused(caller.projects.create(patch(input) as never));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain(field);
      expect(await countProjectsNamed(input.name)).toBe(0);
    });
  }

  it("refuses a duplicate name regardless of case and spaces", async () => {
    const { caller } = await callerAs("engineer");
    const input = projectInput();
    await caller.projects.create(input);
    const error = await refused(caller.projects.create({ ...input, name: `  ${input.name.toUpperCase()} ` }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/^name: /);
    expect(await countProjectsNamed(input.name)).toBe(1);
  });

  it("refuses warning > critical on edit and keeps the stored thresholds", async () => {
    const { caller } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput());
    const error = await refused(
      caller.projects.setLatencyThresholds({
        id: created.id,
        latencyThresholds: { ...defaultLatencyThresholds, warningThresholdMs: 500, criticalThresholdMs: 150 },
      }),
    );
    expect(error.message).toContain("latencyThresholds.warningThresholdMs");
    const [stored] = await getDb().select().from(latencyThresholds).where(eq(latencyThresholds.projectId, created.id));
    expect(stored?.warningThresholdMs).toBe(80);
  });

  it("gives the formatted error the field errors a form needs", async () => {
    const { caller } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput());
    const error = await refused(
      caller.projects.setPassFailCriteria({
        id: created.id,
        passFailCriteria: { ...defaultPassFailCriteria, minF1Score: { enabled: true, value: 7 } },
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe(
      "Invalid input — passFailCriteria.minF1Score.value: Minimum F1 score must be between 0 and 1",
    );
    expect(error.cause).toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { "passFailCriteria.minF1Score.value": ["Minimum F1 score must be between 0 and 1"] },
    });
  });

  it("the database refuses values that bypass the schema (check constraints mirror it)", async () => {
    const { caller } = await callerAs("engineer");
    const created = await caller.projects.create(projectInput());
    await expect(
      getDb()
        .update(latencyThresholds)
        .set({ warningThresholdMs: 999 })
        .where(eq(latencyThresholds.projectId, created.id)),
    ).rejects.toThrow();
    await expect(
      getDb().update(passFailCriteria).set({ minRecall: 1.5 }).where(eq(passFailCriteria.projectId, created.id)),
    ).rejects.toThrow();
    await expect(
      getDb()
        .update(latencyThresholds)
        .set({ processingLatencyMs: -1 })
        .where(eq(latencyThresholds.projectId, created.id)),
    ).rejects.toThrow();
  });
});

describe("projects: roles", () => {
  it("lets a viewer read but not change anything", async () => {
    const { caller: engineer } = await callerAs("engineer");
    const { caller: viewer } = await callerAs("viewer");
    const created = await engineer.projects.create(projectInput());
    expect((await viewer.projects.byId({ id: created.id })).name).toBe(created.name);

    const input = projectInput();
    const attempts = [
      viewer.projects.create(input),
      viewer.projects.update({ id: created.id, details: { ...input, description: "", cameraModel: "" } }),
      viewer.projects.setLatencyThresholds({ id: created.id, latencyThresholds: defaultLatencyThresholds }),
      viewer.projects.setPassFailCriteria({ id: created.id, passFailCriteria: defaultPassFailCriteria }),
      viewer.projects.archive({ id: created.id }),
    ];
    for (const attempt of attempts) expect((await refused(attempt)).code).toBe("FORBIDDEN");
    expect(await countProjectsNamed(input.name)).toBe(0);
    expect((await engineer.projects.byId({ id: created.id })).status).toBe("active");
  });

  it("refuses every project procedure without a session", async () => {
    const { caller } = await callerAs(null);
    expect((await refused(caller.projects.list())).code).toBe("UNAUTHORIZED");
    expect((await refused(caller.projects.create(projectInput()))).code).toBe("UNAUTHORIZED");
    expect((await caller.health.check()).status).toBe("ok");
  });
});
