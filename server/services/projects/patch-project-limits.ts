/**
 * Partial updates of a project's thresholds or criteria (the REST API's): the fields sent are laid
 * over the stored ones, read under the project's row lock, and the whole is validated as one. Each field is checked alone first, so
 * that a refusal of the combination (warning above critical) can say it is the combination (422).
 */
import { z } from "zod";
import { type LatencyThresholds, latencyThresholdsSchema, type PassFailCriteria } from "@/lib/validation/project";
import { DomainError } from "../../errors";
import { parseInput } from "../parse-input";
import { updateLatencyThresholds } from "./set-latency-thresholds";
import { updatePassFailCriteria } from "./set-pass-fail-criteria";

const eachThreshold = z.object(latencyThresholdsSchema.shape).partial();

/** The stored thresholds with the sent ones laid over them, read and written under the project's lock. */
export async function patchLatencyThresholds(id: string, merge: (stored: LatencyThresholds) => LatencyThresholds) {
  return updateLatencyThresholds(id, (stored) => {
    const merged = merge(stored);
    parseInput(z.object({ latencyThresholds: eachThreshold }), { latencyThresholds: merged });
    const together = latencyThresholdsSchema.safeParse(merged);
    if (!together.success) {
      const issue = together.error.issues[0];
      const field = `latencyThresholds.${String(issue?.path[0] ?? "input")}`;
      throw new DomainError("UNPROCESSABLE", `${issue?.message} (with the stored thresholds).`, {
        fieldErrors: { [field]: [issue?.message ?? "invalid"] },
      });
    }
    return together.data;
  });
}

export async function patchPassFailCriteria(id: string, merge: (stored: PassFailCriteria) => PassFailCriteria) {
  return updatePassFailCriteria(id, merge);
}
