/** Inputs of run comparisons (DESIGN §10): one schema for the page, the tRPC procedures and REST. */
import { z } from "zod";
import { MAX_RESAMPLES } from "../analysis/compare-runs";

export const compareRunsSchema = z
  .object({
    /** Run A: the baseline (e.g. the firmware in the field). */
    a: z.uuid("Run A must be a workflow id (a UUID)"),
    /** Run B: the candidate. */
    b: z.uuid("Run B must be a workflow id (a UUID)"),
    seed: z
      .number({ error: "Seed must be a whole number" })
      .int("Seed must be a whole number")
      .min(0, "Seed must be 0 or more")
      .max(2 ** 32 - 1, "Seed must be below 2^32")
      .default(1),
    resamples: z
      .number({ error: "Resamples must be a whole number" })
      .int("Resamples must be a whole number")
      .min(100, "At least 100 resamples")
      .max(MAX_RESAMPLES, `At most ${MAX_RESAMPLES} resamples`)
      .default(2000),
  })
  .refine((x) => x.a !== x.b, { message: "Choose two different runs to compare", path: ["b"] });
export type CompareRunsInput = z.input<typeof compareRunsSchema>;

/** A run, for the comparison its page shows: against the run before it. */
export const baselineOfSchema = z.object({ id: z.uuid("Workflow id must be a UUID") });

/** The project's trend per firmware version. */
export const firmwareTrendSchema = z.object({ projectId: z.uuid("Project id must be a UUID") });
