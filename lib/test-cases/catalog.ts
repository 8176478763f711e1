/**
 * The catalog of regulation test cases (DESIGN §13): UN R151 (BSIS) and UN R159 (MOIS), as data
 * in r151.json and r159.json beside this file. Each parameter cites the paragraph and table it
 * comes from; a figure that could not be read from the regulation's own text is listed under the
 * case's `verify`, with why, and is shown so wherever the case appears. Engineers edit the JSON
 * (and its test, which holds the regulation's figures) to correct or extend the catalog.
 */
import { z } from "zod";
import r151 from "./r151.json";
import r159 from "./r159.json";

export const regulations = ["R151", "R159"] as const;
export type Regulation = (typeof regulations)[number];

const parameterValue = z.union([z.number(), z.string(), z.null()]);

const caseSchema = z.object({
  id: z.string().regex(/^R1(51|59)-[A-Z]+\d*$/),
  regulation: z.enum(regulations),
  paragraph: z.string().min(1),
  title: z.string().min(1),
  /** `detection`: VRU events to signal in their windows; `false-activation`: no signal at all. */
  kind: z.enum(["detection", "false-activation"]),
  /** What the regulation asks of the signal's timing, and how it maps to not_before / deadline. */
  timing: z.string().min(1),
  /** The parameter whose speed turns a margin in ms into metres (null: none moves). */
  margin_speed: z.string().nullable(),
  parameters: z.record(z.string(), parameterValue),
  /** Paragraph and table of each parameter. */
  sources: z.record(z.string(), z.string()),
  /** Parameters to check against the regulation's text, and why. */
  verify: z.record(z.string(), z.string()),
});
export type TestCase = z.infer<typeof caseSchema>;

const documentSchema = z.object({
  regulation: z.enum(regulations),
  title: z.string(),
  document: z.string(),
  read_from: z.string(),
  cases: z.array(caseSchema),
});

/** Checked once, at load: a catalog edited into an inconsistent state fails at start, not mid-run. */
function load(): { documents: z.infer<typeof documentSchema>[]; cases: TestCase[]; byId: Map<string, TestCase> } {
  const documents = [documentSchema.parse(r151), documentSchema.parse(r159)];
  const cases = documents.flatMap((d) => d.cases);
  const byId = new Map<string, TestCase>();
  for (const c of cases) {
    if (byId.has(c.id)) throw new Error(`test-case catalog: the id ${c.id} appears twice`);
    for (const key of Object.keys(c.parameters)) {
      if (!c.sources[key]) throw new Error(`test-case catalog: ${c.id}'s parameter ${key} cites no paragraph`);
    }
    for (const key of Object.keys(c.verify)) {
      if (!(key in c.parameters))
        throw new Error(`test-case catalog: ${c.id} marks ${key} to verify, which it does not have`);
    }
    if (c.margin_speed !== null && typeof c.parameters[c.margin_speed] !== "number") {
      throw new Error(`test-case catalog: ${c.id}'s margin speed ${c.margin_speed} is not a number parameter`);
    }
    byId.set(c.id, c);
  }
  return { documents, cases, byId };
}

const loaded = load();

/** The catalog's cases, of one regulation or all, in catalog order. */
export function catalogCases(regulation?: Regulation): TestCase[] {
  return regulation ? loaded.cases.filter((c) => c.regulation === regulation) : loaded.cases;
}

export function catalogCase(id: string): TestCase | undefined {
  return loaded.byId.get(id);
}

/** The regulation documents the catalog was read from, and how. */
export function catalogDocuments() {
  return loaded.documents.map(({ cases: _cases, ...doc }) => doc);
}

export const isCatalogCase = (id: string) => loaded.byId.has(id);

/** The speed (m/s) a case's margins convert with, or null. */
export function marginSpeedMs(c: Pick<TestCase, "margin_speed" | "parameters">): number | null {
  if (c.margin_speed === null) return null;
  const kmh = c.parameters[c.margin_speed];
  return typeof kmh === "number" && kmh > 0 ? kmh / 3.6 : null;
}
