/**
 * What an admin does to accounts, and what a user does to their own: change a role, deactivate
 * or reactivate an account, reset a password, change one's own password. Sightline always
 * keeps one active admin; a deactivated account cannot sign in, its sessions end at once and
 * its API tokens stop working; a changed password ends the account's other sessions.
 */
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { accounts, sessions, users } from "@/db/schema";
import { changeOwnPasswordSchema, resetPasswordSchema, updateUserSchema } from "@/lib/validation/user";
import { getDb } from "@/server/runtime/slot";
import { forgetSessions } from "../../auth/session";
import { DomainError } from "../../errors";
import { recordChange } from "../../history/record-change";
import { parseInput } from "../parse-input";

async function lockUser(tx: Transaction, id: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!user) throw DomainError.field("NOT_FOUND", "id", `No user with id ${id}: they may have been removed.`);
  return user;
}

/** Other active admins than `id` (the table is locked for the check: two admins cannot demote each other at once). */
async function otherActiveAdmins(tx: Transaction, id: string): Promise<number> {
  await tx.execute(sql`lock table ${users} in share row exclusive mode`);
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt), ne(users.id, id)));
  return row?.n ?? 0;
}

export async function updateUser(raw: unknown, actorId: string) {
  const input = parseInput(updateUserSchema, raw);
  const result = await getDb().transaction(async (tx) => {
    const user = await lockUser(tx, input.id);
    if (input.active === false && user.id === actorId) {
      throw DomainError.field("INVALID_INPUT", "active", "You cannot deactivate your own account: ask another admin.");
    }
    const losesAdmin =
      user.role === "admin" &&
      user.deactivatedAt === null &&
      ((input.role !== undefined && input.role !== "admin") || input.active === false);
    if (losesAdmin && (await otherActiveAdmins(tx, user.id)) === 0) {
      throw new DomainError(
        "ILLEGAL_STATE",
        `${user.email} is the only active admin: make another user admin first, so that someone can still manage Sightline.`,
      );
    }
    const [updated] = await tx
      .update(users)
      .set({
        ...(input.role ? { role: input.role } : {}),
        ...(input.active === undefined ? {} : { deactivatedAt: input.active ? null : new Date() }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, user.id))
      .returning({ id: users.id, email: users.email, role: users.role, deactivatedAt: users.deactivatedAt });
    const was = { role: user.role, active: user.deactivatedAt === null };
    const now = { role: updated?.role ?? user.role, active: updated?.deactivatedAt === null };
    if (was.role !== now.role || was.active !== now.active) {
      await recordChange(tx, {
        subjectType: "user",
        subjectId: user.id,
        change: "role and access",
        before: { email: user.email, ...was },
        after: { email: user.email, ...now },
      });
    }
    // A deactivated account is signed out everywhere now, not when its session expires.
    if (input.active === false) await tx.delete(sessions).where(eq(sessions.userId, user.id));
    return updated as NonNullable<typeof updated>;
  });
  forgetSessions();
  return { ...result, active: result.deactivatedAt === null };
}

async function setPassword(tx: Transaction, userId: string, password: string) {
  const updated = await tx
    .update(accounts)
    .set({ password: await hashPassword(password), updatedAt: new Date() })
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, "credential")))
    .returning({ id: accounts.id });
  if (updated.length === 0) {
    throw new DomainError("ILLEGAL_STATE", "This account has no password to change (it signs in another way).");
  }
}

export async function resetPassword(raw: unknown) {
  const input = parseInput(resetPasswordSchema, raw);
  const email = await getDb().transaction(async (tx) => {
    const user = await lockUser(tx, input.id);
    await setPassword(tx, user.id, input.password);
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    return user.email;
  });
  forgetSessions();
  return { id: input.id, email };
}

export async function changeOwnPassword(raw: unknown, userId: string, currentSessionToken: string | null) {
  const input = parseInput(changeOwnPasswordSchema, raw);
  await getDb().transaction(async (tx) => {
    await lockUser(tx, userId);
    const [account] = await tx
      .select({ password: accounts.password })
      .from(accounts)
      .where(and(eq(accounts.userId, userId), eq(accounts.providerId, "credential")));
    const valid = account?.password
      ? await verifyPassword({ hash: account.password, password: input.currentPassword })
      : false;
    if (!valid) throw DomainError.field("INVALID_INPUT", "currentPassword", "The current password is not right.");
    await setPassword(tx, userId, input.newPassword);
    // Signed out everywhere else; this browser stays signed in.
    await tx
      .delete(sessions)
      .where(
        currentSessionToken
          ? and(eq(sessions.userId, userId), ne(sessions.token, currentSessionToken))
          : eq(sessions.userId, userId),
      );
  });
  forgetSessions();
  return { changed: true };
}
