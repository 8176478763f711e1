/**
 * Partial changes of thresholds and criteria at the same moment (the REST API's PATCH-like
 * posts): each reads the stored values under the project's lock, so every change lands.
 */
import { describe, expect, it } from "vitest";
import { callerAs, projectInput } from "@/server/testing/factories";
import { createProject } from "./create-project";
import { getProject } from "./get-project";
import { patchLatencyThresholds, patchPassFailCriteria } from "./patch-project-limits";

describe("partial changes of a project's limits", () => {
  it("lose none of several sent at once, each to another field", async () => {
    const { user } = await callerAs("engineer");
    const project = await createProject(projectInput(), user?.id ?? null);
    const fields = [
      "detectionLatencyMs",
      "processingLatencyMs",
      "endToEndLatencyMs",
      "signalProcessingLatencyMs",
    ] as const;
    const values = [111, 555, 1111, 55];
    await Promise.all(
      fields.map((field, i) => patchLatencyThresholds(project.id, (stored) => ({ ...stored, [field]: values[i] }))),
    );
    await Promise.all([
      patchPassFailCriteria(project.id, (stored) => ({ ...stored, minRecall: { ...stored.minRecall, value: 0.8 } })),
      patchPassFailCriteria(project.id, (stored) => ({
        ...stored,
        minPrecision: { ...stored.minPrecision, value: 0.7 },
      })),
      patchPassFailCriteria(project.id, (stored) => ({
        ...stored,
        minF1Score: { ...stored.minF1Score, enabled: false },
      })),
    ]);
    const stored = await getProject(project.id);
    expect(fields.map((f) => stored.latencyThresholds[f])).toEqual(values);
    expect(stored.passFailCriteria.minRecall.value).toBe(0.8);
    expect(stored.passFailCriteria.minPrecision.value).toBe(0.7);
    expect(stored.passFailCriteria.minF1Score.enabled).toBe(false);
  });

  it("refuse a combination the stored values make invalid, and write nothing", async () => {
    const { user } = await callerAs("engineer");
    const project = await createProject(projectInput(), user?.id ?? null);
    const before = await getProject(project.id);
    await expect(
      patchLatencyThresholds(project.id, (stored) => ({
        ...stored,
        warningThresholdMs: stored.criticalThresholdMs + 1,
      })),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect((await getProject(project.id)).latencyThresholds).toEqual(before.latencyThresholds);
  });
});
