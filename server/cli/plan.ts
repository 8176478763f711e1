/**
 * `sightline plan`: how many ground-truth events a run must hold to show recall ≥ R with
 * confidence C, for 0 … K misses (DESIGN §9). Offline, no database.
 */
import { type Command, Option } from "commander";
import { z } from "zod";
import { evidencePlan } from "@/lib/stats/sample-size";
import { number } from "./number-option";

const planOptionsSchema = z.object({
  minRecall: z
    .number({ error: "--min-recall is required" })
    .gt(0, "--min-recall must be between 0 and 1 (exclusive)")
    .lt(1, "--min-recall must be between 0 and 1 (exclusive)"),
  confidence: z
    .number()
    .gt(0, "--confidence must be between 0 and 1 (exclusive)")
    .lt(1, "--confidence must be between 0 and 1 (exclusive)"),
  maxMisses: z
    .number()
    .int("--max-misses must be a whole number")
    .min(0, "--max-misses must be 0 or more")
    .max(1000, "--max-misses must be at most 1000"),
});

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description("events a run needs to show a minimum recall with a given confidence, for 0 to K misses")
    .requiredOption("--min-recall <r>", "the recall to show, e.g. 0.95", number("--min-recall"))
    .option("--confidence <c>", "confidence, e.g. 0.95", number("--confidence"), 0.95)
    .option("--max-misses <k>", "plans for 0 … k misses", number("--max-misses"), 2)
    .addOption(new Option("--format <format>", "output").choices(["table", "json"]).default("table"))
    .action((flags) => {
      const parsed = planOptionsSchema.safeParse({
        minRecall: flags.minRecall,
        confidence: flags.confidence,
        maxMisses: flags.maxMisses,
      });
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
      const { minRecall, confidence, maxMisses } = parsed.data;
      const plans = evidencePlan(minRecall, confidence, maxMisses);
      if (flags.format === "json") {
        process.stdout.write(`${JSON.stringify({ min_recall: minRecall, confidence, plans })}\n`);
        return;
      }
      const lines = plans.map(
        (p) => `${String(p.misses).padStart(6)}  ${p.events === null ? "more than 10000000" : String(p.events)}`,
      );
      process.stdout.write(
        `recall ≥ ${minRecall} with confidence ${confidence}\nmisses  events needed\n${lines.join("\n")}\n`,
      );
    });
}
