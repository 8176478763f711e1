/** Gives a rig a new token (shown once); the old one stops working at once. */
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { rigs } from "@/db/schema";
import type { rigIdSchema } from "@/lib/validation/rig";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { recordChange } from "../../history/record-change";
import { disconnectRig } from "../../realtime/publish";
import { hashRigToken, newRigToken } from "./rig-token";

export async function rotateRigToken(input: z.infer<typeof rigIdSchema>) {
  const token = newRigToken();
  const rig = await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(rigs)
      .set({ tokenHash: hashRigToken(token), updatedAt: new Date() })
      .where(eq(rigs.id, input.id))
      .returning({ id: rigs.id, name: rigs.name, status: rigs.status, createdAt: rigs.createdAt });
    if (!row) throw DomainError.field("NOT_FOUND", "id", `No rig with id ${input.id}`);
    // The token itself is never recorded: only that it was replaced.
    await recordChange(tx, {
      subjectType: "rig",
      subjectId: row.id,
      change: "token replaced",
      after: { name: row.name },
    });
    return row;
  });
  // The agent connected with the old token is one no longer: it is offered nothing more.
  disconnectRig(rig.id);
  return { rig, token };
}
