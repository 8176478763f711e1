import { setVideoRequirementsSchema } from "@/lib/validation/assignment";
import {
  createProjectSchema,
  listProjectsSchema,
  projectIdSchema,
  setJudgingSchema,
  setLatencyThresholdsSchema,
  setPassFailCriteriaSchema,
  setRegressionGateSchema,
  setTimingRulesSchema,
  updateProjectSchema,
} from "@/lib/validation/project";
import { createProject } from "../services/projects/create-project";
import { evidencePlan } from "../services/projects/evidence-plan";
import { getProject } from "../services/projects/get-project";
import { listProjects } from "../services/projects/list-projects";
import { setJudging } from "../services/projects/set-judging";
import { setLatencyThresholds } from "../services/projects/set-latency-thresholds";
import { setPassFailCriteria } from "../services/projects/set-pass-fail-criteria";
import { setProjectArchived } from "../services/projects/set-project-archived";
import { setRegressionGate } from "../services/projects/set-regression-gate";
import { setTimingRules } from "../services/projects/set-timing-rules";
import { setVideoRequirements } from "../services/projects/set-video-requirements";
import { updateProject } from "../services/projects/update-project";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const engineer = roleProcedure("engineer");

export const projectsRouter = router({
  list: protectedProcedure.input(listProjectsSchema).query(({ input }) => listProjects(input)),
  byId: protectedProcedure.input(projectIdSchema).query(({ input }) => getProject(input.id)),
  evidencePlan: protectedProcedure.input(projectIdSchema).query(({ input }) => evidencePlan(input.id)),
  create: engineer.input(createProjectSchema).mutation(({ input, ctx }) => createProject(input, ctx.user.id)),
  update: engineer.input(updateProjectSchema).mutation(({ input }) => updateProject(input)),
  setLatencyThresholds: engineer.input(setLatencyThresholdsSchema).mutation(({ input }) => setLatencyThresholds(input)),
  setPassFailCriteria: engineer.input(setPassFailCriteriaSchema).mutation(({ input }) => setPassFailCriteria(input)),
  setJudging: engineer.input(setJudgingSchema).mutation(({ input }) => setJudging(input)),
  setRegressionGate: engineer.input(setRegressionGateSchema).mutation(({ input }) => setRegressionGate(input)),
  setTimingRules: engineer.input(setTimingRulesSchema).mutation(({ input }) => setTimingRules(input)),
  setVideoRequirements: engineer.input(setVideoRequirementsSchema).mutation(({ input }) => setVideoRequirements(input)),
  archive: engineer.input(projectIdSchema).mutation(({ input }) => setProjectArchived(input, true)),
  restore: engineer.input(projectIdSchema).mutation(({ input }) => setProjectArchived(input, false)),
});
