/**
 * What a run's evaluation takes of the test-case catalog (DESIGN §13): the project's requirement
 * set, the catalog entries of every case involved (frozen with the run's inputs: the catalog may
 * be edited later), and the case each of the run's videos is tagged with (its `testCase` tag).
 * Undefined where the project requires no case and no video shows one: such runs are judged as
 * before.
 */
import { inArray } from "drizzle-orm";
import { videos } from "@/db/schema";
import type { CaseDefinition, TestCaseInput } from "@/lib/analysis/test-case-matrix";
import { catalogCase, marginSpeedMs } from "@/lib/test-cases/catalog";
import { getDb } from "@/server/runtime/slot";

function caseDefinition(id: string): CaseDefinition | null {
  const c = catalogCase(id);
  if (!c) return null;
  return {
    title: c.title,
    regulation: c.regulation,
    paragraph: c.paragraph,
    kind: c.kind,
    marginSpeedMs: marginSpeedMs(c),
    verify: Object.keys(c.verify),
  };
}

export async function testCaseInputOf(
  required: readonly string[],
  videoIds: readonly string[],
): Promise<TestCaseInput | undefined> {
  const rows = videoIds.length
    ? await getDb()
        .select({ id: videos.id, tags: videos.tags })
        .from(videos)
        .where(inArray(videos.id, [...videoIds]))
    : [];
  const videoCases: Record<string, string> = {};
  for (const row of rows) {
    const tag = row.tags.testCase;
    if (typeof tag === "string" && catalogCase(tag)) videoCases[row.id] = tag;
  }
  if (required.length === 0 && Object.keys(videoCases).length === 0) return undefined;
  const cases: Record<string, CaseDefinition> = {};
  for (const id of new Set([...required, ...Object.values(videoCases)])) {
    const definition = caseDefinition(id);
    if (definition) cases[id] = definition;
  }
  return { required: required.filter((id) => cases[id]), cases, videoCases };
}
