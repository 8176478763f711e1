/** Locks a project row for a change and refuses changes to archived projects. */
import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { projects } from "@/db/schema";
import { DomainError } from "../../errors";

export async function lockProject(tx: Transaction, id: string) {
  const [row] = await tx.select().from(projects).where(eq(projects.id, id)).for("update");
  if (!row) throw new DomainError("NOT_FOUND", `No project with id ${id}: it may have been deleted.`);
  return row;
}

export async function assertEditable(tx: Transaction, id: string) {
  const row = await lockProject(tx, id);
  if (row.status === "archived") {
    throw new DomainError("ILLEGAL_STATE", `Project "${row.name}" is archived: restore it before changing it.`);
  }
  return row;
}
