/**
 * API tokens: created by engineers and admins for themselves in Settings (the procedure requires
 * the role), or by the operator's CLI for any user named by email; shown once, listed with their last use, revoked by their owner or an admin. A token acts as its user
 * with the lower of the user's role and the token's own.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens, users } from "@/db/schema";
import { hasRole } from "@/lib/roles";
import { type CreateApiTokenInput, createApiTokenSchema } from "@/lib/validation/api-token";
import type { UserRole } from "@/lib/validation/user";
import { getDb } from "@/server/runtime/slot";
import { hashSecretToken, newSecretToken } from "../../auth/secret-token";
import type { SessionUser } from "../../auth/session";
import { DomainError } from "../../errors";
import { parseInput } from "../parse-input";

const API_TOKEN_PREFIX = "sla_";

export async function createApiToken(raw: CreateApiTokenInput, owner: SessionUser) {
  const input = parseInput(createApiTokenSchema, raw);
  if (input.role && !hasRole(owner.role, input.role)) {
    throw DomainError.field("FORBIDDEN", "role", `A token cannot do more than its user: you are ${owner.role}.`);
  }
  const token = newSecretToken(API_TOKEN_PREFIX);
  const [row] = await getDb()
    .insert(apiTokens)
    .values({ userId: owner.id, name: input.name, tokenHash: hashSecretToken(token), role: input.role ?? null })
    .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, createdAt: apiTokens.createdAt });
  if (!row) throw new Error("insert returned no row");
  return { ...row, token };
}

/** For the CLI: the user is named by email. */
export async function createApiTokenFor(email: string, raw: CreateApiTokenInput) {
  const [user] = await getDb()
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  if (!user)
    throw new DomainError("NOT_FOUND", `No user with email ${email}: create them first (sightline users create).`);
  return createApiToken(raw, { ...user, role: (user.role ?? "viewer") as UserRole });
}

export function listApiTokens(owner: SessionUser) {
  return getDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, owner.id))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(id: string, actor: SessionUser) {
  const [row] = await getDb().select().from(apiTokens).where(eq(apiTokens.id, id));
  if (!row || (row.userId !== actor.id && actor.role !== "admin")) {
    throw new DomainError("NOT_FOUND", `No token with id ${id} of yours.`);
  }
  await getDb()
    .update(apiTokens)
    .set({ revokedAt: row.revokedAt ?? new Date() })
    .where(eq(apiTokens.id, id));
  return { id, revoked: true };
}

/** Last use is written at most once a minute per token: a busy script must not write per call. */
const LAST_USED_EVERY_MS = 60_000;

/** The user a bearer token acts as, or null for an unknown or revoked token. */
export async function userOfApiToken(token: string): Promise<SessionUser | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await getDb()
    .select({
      tokenId: apiTokens.id,
      tokenRole: apiTokens.role,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(eq(apiTokens.tokenHash, hashSecretToken(token)), isNull(apiTokens.revokedAt), isNull(users.deactivatedAt)),
    );
  if (!row) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await getDb()
      .update(apiTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiTokens.id, row.tokenId));
  }
  const userRole = (row.role ?? "viewer") as UserRole;
  const role = row.tokenRole && hasRole(userRole, row.tokenRole) ? row.tokenRole : userRole;
  return { id: row.id, email: row.email, name: row.name, role };
}
