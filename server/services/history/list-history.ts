/**
 * A subject's history, newest first, a page at a time (a cursor on the row id): a project's own
 * changes and those of its videos' assignment; a video's tags, ground truth and review; rigs'.
 */
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { changeHistory } from "@/db/schema";
import { hasRole } from "@/lib/roles";
import { listHistorySchema } from "@/lib/validation/history";
import type { UserRole } from "@/lib/validation/user";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";
import { isUuid } from "../../ids";
import { parseInput } from "../parse-input";

export async function listHistory(raw: unknown, reader: { role: UserRole }) {
  const input = parseInput(listHistorySchema, raw);
  if (input.subjectType === "user" && !hasRole(reader.role, "admin")) {
    throw new DomainError("FORBIDDEN", "Only an admin may read the history of users' roles.");
  }
  const own: SQL | undefined = input.subjectId
    ? and(eq(changeHistory.subjectType, input.subjectType), eq(changeHistory.subjectId, input.subjectId))
    : eq(changeHistory.subjectType, input.subjectType);
  const subject =
    input.subjectType === "project" && input.subjectId && isUuid(input.subjectId)
      ? or(own, eq(changeHistory.projectId, input.subjectId))
      : own;
  const rows = await getDb()
    .select()
    .from(changeHistory)
    .where(and(subject, input.cursor ? lt(changeHistory.id, input.cursor) : undefined))
    .orderBy(desc(changeHistory.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { entries: page, next: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}
