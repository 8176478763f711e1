/** Reads one project with its thresholds and criteria. */
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { latencyThresholds, passFailCriteria, projects } from "@/db/schema";
import type {
  Judging,
  LatencyThresholds,
  PassFailCriteria,
  RegressionGate,
  TimingRules,
} from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { fromCriteriaRow } from "./criteria-columns";

export type Project = typeof projects.$inferSelect & {
  latencyThresholds: LatencyThresholds;
  passFailCriteria: PassFailCriteria;
  /** How the project's runs are judged, as one value (the same fields as the row's). */
  judging: Judging;
  /** Firmware comparison: the regression gate and whether runs must name their firmware. */
  regressionGate: RegressionGate;
  /** The timing chain: calibration bounds and the clock's (DESIGN §12). */
  timingRules: TimingRules;
};

export function timingRulesOf(row: typeof projects.$inferSelect): TimingRules {
  const { calibrationMaxAgeDays, calibrationMaxSdMs, calibrationRule, maxClockOffsetChangeMs } = row;
  return { calibrationMaxAgeDays, calibrationMaxSdMs, calibrationRule, maxClockOffsetChangeMs };
}

export async function getProject(id: string, executor: Executor = getDb()): Promise<Project> {
  const [row] = await executor
    .select({ project: projects, thresholds: latencyThresholds, criteria: passFailCriteria })
    .from(projects)
    .innerJoin(latencyThresholds, eq(latencyThresholds.projectId, projects.id))
    .innerJoin(passFailCriteria, eq(passFailCriteria.projectId, projects.id))
    .where(eq(projects.id, id));
  if (!row) throw new DomainError("NOT_FOUND", `No project with id ${id}: it may have been deleted.`);
  const { projectId: _p, updatedAt: _u, ...thresholds } = row.thresholds;
  const { confidenceLevel, intervalMethod, decisionRule, verdictScope } = row.project;
  const { requireFirmware, maxRecallDrop, maxP95IncreaseMs } = row.project;
  return {
    ...row.project,
    latencyThresholds: thresholds,
    passFailCriteria: fromCriteriaRow(row.criteria),
    judging: { confidenceLevel, intervalMethod, decisionRule, verdictScope },
    regressionGate: { requireFirmware, maxRecallDrop, maxP95IncreaseMs },
    timingRules: timingRulesOf(row.project),
  };
}
