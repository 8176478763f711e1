/** Creates a user who signs in with email and password, in one transaction. */
import { hashPassword } from "better-auth/crypto";
import type { Executor } from "@/db/client";
import { accounts, users } from "@/db/schema";
import { type CreateUserInput, createUserSchema } from "@/lib/validation/user";
import { getDb } from "@/server/runtime/slot";
import { DomainError, postgresConstraintOf } from "../../errors";
import { recordChange } from "../../history/record-change";
import { parseInput } from "../parse-input";

export type CreatedUser = { id: string; email: string; name: string; role: string };

export async function createUser(raw: CreateUserInput, executor: Executor = getDb()): Promise<CreatedUser> {
  const input = parseInput(createUserSchema, raw);
  const passwordHash = await hashPassword(input.password);
  const id = crypto.randomUUID();
  const name = input.name || input.email.split("@")[0] || input.email;
  try {
    return await executor.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ id, email: input.email, name, role: input.role, emailVerified: false })
        .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
      await tx.insert(accounts).values({
        id: crypto.randomUUID(),
        accountId: id,
        providerId: "credential",
        userId: id,
        password: passwordHash,
      });
      if (!user) throw new Error("insert returned no row");
      await recordChange(tx, {
        subjectType: "user",
        subjectId: user.id,
        change: "created",
        after: { email: user.email, role: user.role },
      });
      return user;
    });
  } catch (error) {
    if (postgresConstraintOf(error)?.constraint === "users_email_unique") {
      throw DomainError.field("CONFLICT", "email", `A user with the email ${input.email} already exists`, error);
    }
    throw error;
  }
}
