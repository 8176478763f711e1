import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { restError, restMessage } from "./rest-route";

describe("REST error messages", () => {
  it("name the fields as the snake_case body does", async () => {
    expect(
      restMessage(
        "Invalid input — latencyThresholds.warningThresholdMs: too high · projectId: must be a UUID",
        ["latencyThresholds.warningThresholdMs", "projectId"],
        { latencyThresholds: "workflow_config.latency_thresholds" },
      ),
    ).toBe(
      "Invalid input — workflow_config.latency_thresholds.warning_threshold_ms: too high · project_id: must be a UUID",
    );
    // Text that merely contains a field's name is left alone.
    expect(restMessage("projectIdentifier: x; the projectId is wrong", ["projectId"])).toBe(
      "projectIdentifier: x; the projectId is wrong",
    );
    const response = restError(DomainError.field("NOT_FOUND", "projectId", "No project with id 42"));
    expect(await response.json()).toEqual({
      success: false,
      error: { code: "NOT_FOUND", message: "project_id: No project with id 42", field: "project_id" },
    });
  });
});
