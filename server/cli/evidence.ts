/**
 * `sightline evidence`: export a run's signed evidence bundle, verify a bundle, print the
 * instance's public key (DESIGN §11). Verifying needs no database: the bundle holds its inputs.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";

export function registerEvidence(program: Command): void {
  const evidence = program.command("evidence").description("signed evidence bundles of runs and evaluations");

  evidence
    .command("export")
    .description("write a completed run's evidence bundle into a new folder")
    .requiredOption("--workflow <id>", "the run (workflow id)")
    .requiredOption("--out <dir>", "a new or empty folder")
    .action(async (flags: { workflow: string; out: string }) => {
      const { isUuid } = await import("../ids");
      if (!isUuid(flags.workflow)) throw new Error(`--workflow takes a workflow id (a UUID), not "${flags.workflow}"`);
      const { withDatabase } = await import("./with-database");
      const { runEvidence } = await import("../evidence/run-evidence");
      const { writeBundleDir } = await import("../evidence/bundle");
      const bundle = await withDatabase(() => runEvidence(flags.workflow));
      writeBundleDir(flags.out, bundle.files);
      process.stdout.write(
        `evidence of ${bundle.label} written to ${flags.out}: ${bundle.files.size} files, verdict ${bundle.manifest.subject.verdict}\n`,
      );
    });

  evidence
    .command("verify")
    .argument("<dir>", "the bundle's folder")
    .description("check a bundle's signature and hashes, and derive its evaluation again from its own inputs")
    .option("--public-key <file>", "the signer's public key (PEM); default: this instance's key")
    .action(async (dir: string, flags: { publicKey?: string }) => {
      const { verifyBundle } = await import("../evidence/verify-bundle");
      const { instanceSigningKey, publicKeyFromPem } = await import("../evidence/signing-key");
      let key: import("node:crypto").KeyObject;
      if (flags.publicKey) {
        let pem: string;
        try {
          pem = readFileSync(flags.publicKey, "utf8");
        } catch (error) {
          throw new Error(`cannot read the public key ${flags.publicKey}: ${(error as Error).message}`, {
            cause: error,
          });
        }
        key = publicKeyFromPem(pem, flags.publicKey);
      } else key = instanceSigningKey().publicKey;
      const report = verifyBundle(dir, key);
      for (const c of report.checks)
        process.stdout.write(`${(c.ok ? "ok" : "FAIL").padEnd(4)}  ${c.what}: ${c.detail}\n`);
      const failed = report.checks.filter((c) => !c.ok);
      if (failed.length) {
        process.stdout.write(`\nnot verified: ${failed.length} of ${report.checks.length} checks failed\n`);
        process.exitCode = 1;
      } else process.stdout.write(`\nverified: ${report.checks.length} checks passed\n`);
    });

  evidence
    .command("public-key")
    .description("print this instance's public key (PEM), which verifies its bundles")
    .action(async () => {
      const { fingerprintOf, instanceSigningKey, publicKeyPem } = await import("../evidence/signing-key");
      const key = instanceSigningKey();
      process.stdout.write(publicKeyPem(key.publicKey));
      process.stderr.write(`fingerprint ${fingerprintOf(key.publicKey)}\n`);
    });
}
