import { restRoute } from "@/server/rest/rest-route";
import { executeTestsRestSchema } from "@/server/rest/rest-schemas";
import { parseInput } from "@/server/services/parse-input";
import { createWorkflow } from "@/server/services/workflows/create-workflow";

/** Starts a validation run and answers at once; the run goes on in the background. */
export const POST = restRoute(
  "engineer",
  async ({ body, user }) => {
    const sent = parseInput(executeTestsRestSchema, await body());
    const config = sent.workflow_config ?? {};
    const parameters = Object.fromEntries(
      Object.entries(config.parameters ?? {}).map(([k, v]) => [
        k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
        v,
      ]),
    );
    const run = await createWorkflow(
      {
        projectId: sent.project_id,
        name: sent.name,
        firmwareVersion: sent.firmware_version,
        softwareId: sent.software_id,
        softwareNotes: sent.software_notes,
        strategy: config.execution_strategy,
        priority: config.priority,
        maxConcurrentTasks: config.max_concurrent_tasks,
        parameters,
        start: true,
      },
      user.id,
    );
    return { workflow_id: run.id, project_id: sent.project_id, status_url: `/api/v1/workflow/workflows/${run.id}` };
  },
  {
    projectId: "project_id",
    name: "name",
    firmwareVersion: "firmware_version",
    softwareId: "software_id",
    softwareNotes: "software_notes",
    strategy: "workflow_config.execution_strategy",
    maxConcurrentTasks: "workflow_config.max_concurrent_tasks",
    priority: "workflow_config.priority",
  },
);
