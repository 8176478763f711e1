/**
 * Partial updates of a project's thresholds or criteria (the REST API's): the fields sent are laid
 * over the stored ones and the whole is validated as one. Each field is checked alone first, so
 * that a refusal of the combination (warning above critical) can say it is the combination (422).
 */
import { z } from "zod";
import { type LatencyThresholds, latencyThresholdsSchema, type PassFailCriteria } from "@/db/validation/project";
import { DomainError } from "../../errors";
import { parseInput } from "../parse-input";
import { getProject } from "./get-project";
import { setLatencyThresholds } from "./set-latency-thresholds";
import { setPassFailCriteria } from "./set-pass-fail-criteria";

const eachThreshold = z.object(latencyThresholdsSchema.shape).partial();

export async function patchLatencyThresholds(id: string, merge: (stored: LatencyThresholds) => LatencyThresholds) {
  const project = await getProject(id);
  const merged = merge(project.latencyThresholds);
  parseInput(z.object({ latencyThresholds: eachThreshold }), { latencyThresholds: merged });
  const together = latencyThresholdsSchema.safeParse(merged);
  if (!together.success) {
    const issue = together.error.issues[0];
    const field = `latencyThresholds.${String(issue?.path[0] ?? "input")}`;
    throw new DomainError("UNPROCESSABLE", `${issue?.message} (with the stored thresholds).`, {
      fieldErrors: { [field]: [issue?.message ?? "invalid"] },
    });
  }
  return setLatencyThresholds({ id, latencyThresholds: together.data });
}

export async function patchPassFailCriteria(id: string, merge: (stored: PassFailCriteria) => PassFailCriteria) {
  const project = await getProject(id);
  return setPassFailCriteria({ id, passFailCriteria: merge(project.passFailCriteria) });
}
