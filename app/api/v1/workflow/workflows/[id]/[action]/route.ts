import { DomainError } from "@/server/errors";
import { workflowJson } from "@/server/rest/formats";
import { pathId, restRoute } from "@/server/rest/rest-route";
import { cancelWorkflow } from "@/server/services/workflows/cancel-workflow";
import { getWorkflow } from "@/server/services/workflows/get-workflow";
import { pauseWorkflow } from "@/server/services/workflows/pause-workflow";
import { resumeWorkflow } from "@/server/services/workflows/resume-workflow";

const actions = { pause: pauseWorkflow, resume: resumeWorkflow, cancel: cancelWorkflow } as const;

/** POST workflows/{id}/pause | resume | cancel; an illegal transition is a 409. */
export const POST = restRoute("engineer", async ({ params, user }) => {
  const action = actions[params.action as keyof typeof actions];
  if (!action) throw new DomainError("NOT_FOUND", `No action ${params.action}: use pause, resume or cancel.`);
  const id = pathId(params, "workflow");
  await action({ id }, user.id);
  return { workflow: workflowJson(await getWorkflow(id)) };
});
