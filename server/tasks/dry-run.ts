/**
 * Playback without a rig. A run may be tried end to end as a dry run: `parameters.dryRunSeconds`
 * simulates playback for that long, reporting progress about twice a second, and executes no
 * session (sessions may still come from imported detection files), so that the run completes
 * with an honest result rather than failing. While the run is paused the simulated playback
 * holds where it is, as a rig's sessions would wait.
 */
import { eq } from "drizzle-orm";
import { workflows } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { abortableDelay } from "./abortable-delay";
import type { TestExecutor } from "./subsystems";

const PAUSE_POLL_MS = 500;

async function isPaused(workflowId: string): Promise<boolean> {
  const [run] = await getDb()
    .select({ control: workflows.control })
    .from(workflows)
    .where(eq(workflows.id, workflowId));
  return run?.control === "paused";
}

export const dryRunExecutor: TestExecutor = {
  async executeTests({ workflowId, parameters, signal, progress }) {
    const seconds = parameters.dryRunSeconds ?? 0;
    if (Number.isFinite(seconds) && seconds > 0) {
      const steps = Math.min(2000, Math.max(20, Math.ceil(seconds * 2)));
      for (let step = 1; step <= steps; step++) {
        await abortableDelay((seconds * 1000) / steps, signal);
        while (await isPaused(workflowId)) await abortableDelay(PAUSE_POLL_MS, signal);
        await progress((100 * step) / steps);
      }
    }
    return {
      output: {
        sessions: 0,
        dryRunSeconds: seconds > 0 ? seconds : undefined,
        note: "Dry run: playback was simulated without a rig; no test session was executed.",
      },
    };
  },
  async monitorExecution() {
    return { output: { alerts: 0, note: "Dry run: no rig played, nothing to monitor." } };
  },
};
