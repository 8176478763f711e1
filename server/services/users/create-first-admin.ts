/**
 * Creates the first admin of an empty installation. Only possible while no user exists; the
 * check and the insert run under one advisory lock so two browsers cannot both succeed.
 */
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { type FirstAdminInput, firstAdminSchema } from "@/lib/validation/user";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { parseInput } from "../parse-input";
import { type CreatedUser, createUser } from "./create-user";

const FIRST_ADMIN_LOCK = 74_210_001;

export async function createFirstAdmin(raw: FirstAdminInput): Promise<CreatedUser> {
  const input = parseInput(firstAdminSchema, raw);
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
    const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(users);
    if ((row?.count ?? 0) > 0) {
      throw new DomainError(
        "CONFLICT",
        "Sightline already has users: sign in, or ask an admin to create an account for you.",
      );
    }
    return createUser({ ...input, role: "admin" }, tx);
  });
}
