/** Archives a project (hidden from the active list, read-only) or restores it. */
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { projectIdSchema } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { recordProjectChange } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { lockProject } from "./lock-project";

export async function setProjectArchived(raw: unknown, archived: boolean): Promise<Project> {
  const { id } = parseInput(projectIdSchema, raw);
  const project = await getDb().transaction(async (tx) => {
    const row = await lockProject(tx, id);
    const wanted = archived ? "archived" : "active";
    if (row.status === wanted) {
      throw new DomainError("ILLEGAL_STATE", `Project "${row.name}" is already ${wanted}.`);
    }
    const now = new Date();
    await tx
      .update(projects)
      .set({ status: wanted, archivedAt: archived ? now : null, updatedAt: now })
      .where(eq(projects.id, id));
    await recordProjectChange(tx, id, "status", row.status, wanted);
    return getProject(id, tx);
  });
  publishProjectChanged({ projectId: id, change: archived ? "archived" : "restored", name: project.name });
  return project;
}
