/**
 * `sightline evaluate`: DESIGN §4 on files, offline, with no database. Reads the two event lists
 * (text, CSV or JSON), evaluates them in the chosen mode and prints a table or one JSON object.
 * A malformed input is one line on stderr naming the file and line, and nothing on stdout.
 */
import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { type CompareResult, compareLists, compareOptionsSchema, evaluationModes } from "@/lib/analysis/compare-lists";
import { type EventList, parseEventList } from "@/lib/analysis/formats";
import { intervalMethods } from "@/lib/stats/intervals";
import { number } from "./number-option";

async function readText(file: string, what: string): Promise<string> {
  try {
    return file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === "ENOENT"
        ? `the ${what} file ${file} does not exist`
        : `cannot read the ${what} file ${file}: ${(error as Error).message}`,
    );
  }
}

export async function readList(file: string, what: string): Promise<EventList> {
  return parseEventList(await readText(file, what), file === "-" ? "stdin" : file);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Full precision (the shortest exact decimal), so the table and the JSON agree digit for digit. */
const show = (x: number | null) => (x === null ? "n/a" : String(x));
const showInterval = (i: [number, number] | null) => (i === null ? "n/a" : `[${i[0]}, ${i[1]}]`);

function table(result: CompareResult, mode: string): string {
  const c = result.counts;
  const l = result.latency_ms;
  const rows: [string, string][] = [
    ["mode", mode],
    ["reference events", String(c.reference)],
    ["detections", String(c.detections)],
    ["true positives", String(c.tp)],
    ["false positives", String(c.fp)],
    ["false negatives", String(c.fn)],
    ["re-triggers", String(c.retriggers)],
    ["substitutions", String(c.substitutions)],
    ["precision", show(result.precision)],
    [`precision ${result.intervals.level} ${result.intervals.method}`, showInterval(result.intervals.precision)],
    ["recall", show(result.recall)],
    [`recall ${result.intervals.level} ${result.intervals.method}`, showInterval(result.intervals.recall)],
    ["F1", show(result.f1)],
    ["error rate", show(result.error_rate)],
    ["latency mean (ms)", show(l.mean)],
    ["latency p50 (ms)", show(l.p50)],
    ["latency p95 (ms)", show(l.p95)],
    ["latency p99 (ms)", show(l.p99)],
    ["latency max (ms)", show(l.max)],
  ];
  // Events with their own window (DESIGN §13): the smallest margin and the early activations.
  const margins = result.matches.flatMap((m) => (m.margin_ms === null ? [] : [m.margin_ms]));
  if (margins.length || result.early_activations.length) {
    rows.push(["worst margin (ms)", margins.length ? String(Math.min(...margins)) : "n/a"]);
    rows.push(["early activations", String(result.early_activations.length)]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")}\n`;
}

export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description("evaluate detections against a reference, offline (times in seconds; text, CSV or JSON)")
    .requiredOption("--reference <file>", "ground-truth events ('-' for stdin)")
    .requiredOption("--detections <file>", "detected events ('-' for stdin)")
    .addOption(new Option("--mode <mode>", "matching rules").choices(evaluationModes).default("sightline"))
    .option("--early-ms <n>", "sightline: how early a detection may come (ms)", number("--early-ms"))
    .option("--window-ms <n>", "sightline: how late after the onset a detection may come (ms)", number("--window-ms"))
    .option("--collar-ms <n>", "onset: window (default 50); sed-eval: collar (default 200)", number("--collar-ms"))
    .option("--no-offset", "sed-eval: evaluate onsets only")
    .option(
      "--percentage-of-length <x>",
      "sed-eval: offset tolerance as a share of the event's length (default 0.5)",
      number("--percentage-of-length"),
    )
    .option("--confidence <level>", "level of the intervals (default 0.95)", number("--confidence"))
    .addOption(new Option("--interval <method>", "interval of the ratios").choices(intervalMethods).default("wilson"))
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .option("--evidence <dir>", "also write a signed evidence bundle of this evaluation into a new folder")
    .action(async (flags) => {
      const parsed = compareOptionsSchema.safeParse({
        confidence: flags.confidence,
        interval: flags.interval,
        mode: flags.mode,
        earlyMs: flags.earlyMs,
        windowMs: flags.windowMs,
        collarMs: flags.collarMs,
        offset: flags.offset,
        percentageOfLength: flags.percentageOfLength,
      });
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
      const referenceText = await readText(flags.reference, "reference");
      const detectionsText = await readText(flags.detections, "detections");
      const source = (file: string) => (file === "-" ? "stdin" : file);
      const result = compareLists(
        parseEventList(referenceText, source(flags.reference)),
        parseEventList(detectionsText, source(flags.detections)),
        parsed.data,
      );
      if (flags.evidence) {
        const { offlineEvidence } = await import("../evidence/offline-evidence");
        const { writeBundleDir } = await import("../evidence/bundle");
        writeBundleDir(
          flags.evidence,
          offlineEvidence(
            {
              reference: { file: flags.reference, text: referenceText },
              detections: { file: flags.detections, text: detectionsText },
            },
            parsed.data,
            result,
          ),
        );
        process.stderr.write(`evidence written to ${flags.evidence}\n`);
      }
      process.stdout.write(flags.format === "json" ? `${JSON.stringify(result)}\n` : table(result, flags.mode));
    });
}
