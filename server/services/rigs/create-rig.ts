/** Registers a rig and returns its token, the only time it is ever shown. */

import { rigs } from "@/db/schema";
import { type CreateRigInput, createRigSchema } from "@/lib/validation/rig";
import { getDb } from "@/server/runtime/slot";
import { DomainError, postgresConstraintOf } from "../../errors";
import { recordChange } from "../../history/record-change";
import { parseInput } from "../parse-input";
import { hashRigToken, newRigToken } from "./rig-token";

export async function createRig(raw: CreateRigInput) {
  const input = parseInput(createRigSchema, raw);
  const token = newRigToken();
  try {
    const rig = await getDb().transaction(async (tx) => {
      const [row] = await tx
        .insert(rigs)
        .values({ name: input.name, tokenHash: hashRigToken(token) })
        .returning({ id: rigs.id, name: rigs.name, status: rigs.status, createdAt: rigs.createdAt });
      if (!row) throw new Error("insert returned no row");
      await recordChange(tx, {
        subjectType: "rig",
        subjectId: row.id,
        change: "registered",
        after: { name: row.name },
      });
      return row;
    });
    return { rig, token };
  } catch (error) {
    if (postgresConstraintOf(error)?.constraint === "rigs_name_unique") {
      throw DomainError.field("CONFLICT", "name", `A rig named "${input.name}" exists already`, error);
    }
    throw error;
  }
}
