/**
 * `sightline compare`: firmware A against firmware B on files, offline (DESIGN §10). Reads the
 * reference and the two detection lists, pairs every reference event, and prints the paired
 * table, McNemar's exact p-value, recall of each and B − A with Newcombe's paired interval,
 * p50/p95 latency and the p95 difference with a seeded bootstrap, and the changed events.
 */
import { type Command, Option } from "commander";
import { compareFiles, compareFilesOptionsSchema, type FilesComparison } from "@/lib/analysis/compare-files";
import { evaluationModes } from "@/lib/analysis/compare-lists";
import { readList } from "./evaluate";
import { number } from "./number-option";

const show = (x: number | null) => (x === null ? "n/a" : String(x));
const showInterval = (i: readonly (number | null)[] | null) =>
  i === null ? "n/a" : `[${show(i[0] ?? null)}, ${show(i[1] ?? null)}]`;

function table(c: FilesComparison): string {
  const level = c.recall_ci.level;
  const rows: [string, string][] = [
    ["mode", c.mode],
    ["reference events", String(c.events)],
    ["found by both", String(c.paired.both)],
    ["found by A only", String(c.paired.a_only)],
    ["found by B only", String(c.paired.b_only)],
    ["found by neither", String(c.paired.neither)],
    ["McNemar exact p", String(c.mcnemar_p)],
    ["recall A", show(c.recall.a)],
    [`recall A ${level} wilson`, showInterval(c.recall_ci.a)],
    ["recall B", show(c.recall.b)],
    [`recall B ${level} wilson`, showInterval(c.recall_ci.b)],
    ["recall B − A", show(c.recall.diff)],
    [`recall B − A ${level} newcombe`, showInterval(c.recall.diff_ci)],
    ["latency p50 A (ms)", show(c.latency_ms.p50_a)],
    ["latency p50 B (ms)", show(c.latency_ms.p50_b)],
    ["latency p95 A (ms)", show(c.latency_ms.p95_a)],
    ["latency p95 B (ms)", show(c.latency_ms.p95_b)],
    ["latency p95 B − A (ms)", show(c.latency_ms.p95_diff)],
    [
      `p95 B − A ${level} bootstrap`,
      `${showInterval(c.latency_ms.p95_diff_ci)} (${c.bootstrap.resamples} resamples of ${c.bootstrap.clusters} ${c.bootstrap.unit}s, seed ${c.bootstrap.seed})`,
    ],
    ["false positives A", String(c.false_positives.a)],
    ["false positives B", String(c.false_positives.b)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const changed = c.changed.length
    ? `\nchanged outcomes (reference event index, 0-based):\n${c.changed
        .map((x) => `  ${x.reference}  ${x.in === "a" ? "found by A, missed by B" : "missed by A, found by B"}`)
        .join("\n")}\n`
    : "\nno event changed outcome\n";
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")}\n${changed}`;
}

export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("compare two detection lists (firmware A and B) against one reference, event by event")
    .requiredOption("--reference <file>", "ground-truth events ('-' for stdin)")
    .requiredOption("--a <file>", "detections of run A (the baseline)")
    .requiredOption("--b <file>", "detections of run B (the candidate)")
    .addOption(new Option("--mode <mode>", "matching rules").choices(evaluationModes).default("sightline"))
    .option("--early-ms <n>", "sightline: how early a detection may come (ms)", number("--early-ms"))
    .option("--window-ms <n>", "sightline: how late after the onset a detection may come (ms)", number("--window-ms"))
    .option("--collar-ms <n>", "onset: window (default 50); sed-eval: collar (default 200)", number("--collar-ms"))
    .option("--confidence <level>", "level of the intervals (default 0.95)", number("--confidence"))
    .option("--seed <n>", "seed of the bootstrap (default 1)", number("--seed"))
    .option("--resamples <n>", "bootstrap resamples (default 2000)", number("--resamples"))
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .action(async (flags) => {
      const parsed = compareFilesOptionsSchema.safeParse({
        mode: flags.mode,
        earlyMs: flags.earlyMs,
        windowMs: flags.windowMs,
        collarMs: flags.collarMs,
        confidence: flags.confidence,
        seed: flags.seed,
        resamples: flags.resamples,
      });
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
      if ([flags.reference, flags.a, flags.b].filter((f) => f === "-").length > 1) {
        throw new Error("only one of --reference, --a and --b can be read from stdin ('-')");
      }
      const reference = await readList(flags.reference, "reference");
      const a = await readList(flags.a, "A detections");
      const b = await readList(flags.b, "B detections");
      const result = compareFiles(reference, a, b, parsed.data);
      process.stdout.write(flags.format === "json" ? `${JSON.stringify(result)}\n` : table(result));
    });
}
