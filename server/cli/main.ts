/**
 * The `sightline` command: what an operator does without a browser. Same configuration as the
 * server (server/env.ts). Errors are one line on stderr and a non-zero exit.
 */
import { userInfo } from "node:os";
import { Command, CommanderError } from "commander";
import { EnvError, env } from "../env";
import { setProcessActor } from "../history/record-change";
import { registerCalibration } from "./calibration";
import { registerCases } from "./cases";
import { registerCompare } from "./compare";
import { registerEvaluate } from "./evaluate";
import { registerEvidence } from "./evidence";
import { registerMigrate } from "./migrate";
import { registerPlan } from "./plan";
import { registerTokens } from "./tokens";
import { registerUsers } from "./users";

async function main(argv: string[]): Promise<void> {
  void env; // validated on load, so every command (and --help) refuses a bad environment alike
  // Changes made from the command line are recorded in the history as its.
  setProcessActor(`command line (${userInfo().username})`);
  const program = new Command("sightline")
    .description("Sightline: validation of camera-based VRU detection systems")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerCalibration(program);
  registerCases(program);
  registerCompare(program);
  registerEvaluate(program);
  registerEvidence(program);
  registerMigrate(program);
  registerPlan(program);
  registerTokens(program);
  registerUsers(program);
  await program.parseAsync(argv);
}

main(process.argv).then(
  // A command that found a problem (a bundle that does not verify) sets the exit code itself.
  () => process.exit(Number(process.exitCode ?? 0)),
  (error: unknown) => {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exit(error.exitCode);
    }
    const message =
      error instanceof EnvError
        ? error.message.replace(/\n\s*/g, " ")
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`sightline: ${message}\n`);
    process.exit(1);
  },
);
