/** Changes a project's name, description and camera details. */
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { updateProjectSchema } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { projectDetailsOf, recordProjectChange } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";
import { rethrowNameConflict } from "./name-conflict";

export async function updateProject(raw: unknown): Promise<Project> {
  const { id, details } = parseInput(updateProjectSchema, raw);
  const project = await getDb()
    .transaction(async (tx) => {
      await assertEditable(tx, id);
      const before = await getProject(id, tx);
      await tx
        .update(projects)
        .set({ ...details, updatedAt: new Date() })
        .where(eq(projects.id, id));
      const after = await getProject(id, tx);
      await recordProjectChange(tx, id, "details", projectDetailsOf(before), projectDetailsOf(after));
      return after;
    })
    .catch((error) => rethrowNameConflict(error, details.name, "details.name"));
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
