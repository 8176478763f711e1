/**
 * Evidence bundles end to end: a run analysed by the real engine exported (through the service,
 * the REST route and the `sightline evidence export` command), verified by `sightline evidence
 * verify` in a child process; every file changed by one byte, a file removed, a file added and a
 * bundle signed by another key are each refused, naming what is wrong; a bundle exported after the
 * ground truth and the criteria were edited still verifies with the old verdict; and
 * `sightline evaluate --evidence` makes a bundle of an offline evaluation that verifies too.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publicKeyRoute from "@/app/api/v1/evidence/public-key/route";
import * as evidenceRoute from "@/app/api/v1/workflow/workflows/[id]/evidence/route";
import { evaluationInputs, groundTruthEvents } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { makeUser, makeVideo, projectInput } from "@/server/testing/factories";
import { callRoute } from "@/server/testing/rest-call";
import { runSightline } from "@/server/testing/run-sightline";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createApiTokenFor } from "../services/api-tokens/api-tokens";
import { addVideos } from "../services/assignment/assignments";
import { createProject } from "../services/projects/create-project";
import { setPassFailCriteria } from "../services/projects/set-pass-fail-criteria";
import { importDetections } from "../services/results/import-detections";
import { createWorkflow } from "../services/workflows/create-workflow";
import { type Engine, startEngine } from "../workflow/engine";
import { waitForState } from "../workflow/testing/wait";
import { jsonFile, makeManifest, readBundleDir, sealBundle, writeBundleDir } from "./bundle";
import { runEvidence } from "./run-evidence";
import { fingerprintOf, instanceSigningKey, publicKeyPem } from "./signing-key";
import { verifyBundle } from "./verify-bundle";

let engine: Engine;
let token: string;
const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-evidence-"));

beforeAll(async () => {
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 4 });
  token = (await createApiTokenFor((await makeUser("viewer")).email, { name: "audit" })).token;
});
afterAll(async () => {
  await engine?.stop(0);
  rmSync(scratch, { recursive: true, force: true });
});

/** A dry run of one video (events at 1 s and 2 s) with a recording imported: found at 1.1 s only. */
async function analysedRun() {
  const project = await createProject(projectInput({ cameraView: "front" }), null);
  const video = await makeVideo({ cameraView: "front", events: 2 });
  await addVideos({ projectId: project.id, videoIds: [video.id] });
  const { id } = await createWorkflow(
    {
      projectId: project.id,
      firmwareVersion: "3.1.4",
      softwareId: "RXSWIN-9",
      parameters: { dryRunSeconds: 0.2 },
      start: true,
    },
    null,
  );
  await waitForState(id, ["completed"], 60_000);
  await importDetections({ workflowId: id, videoId: video.id, fileName: "rig.csv", content: "time\n1.1\n" });
  return { projectId: project.id, videoId: video.id, workflowId: id };
}

const sightline = (args: string[]) =>
  runSightline(args, {
    env: { DATABASE_URL: testDatabaseUrl(), SIGHTLINE_DATA_DIR: process.env.SIGHTLINE_DATA_DIR ?? "" },
  });

describe("evidence of a run", () => {
  let run: Awaited<ReturnType<typeof analysedRun>>;
  let dir: string;

  it("exports a bundle whose manifest names every input, and which verifies", async () => {
    run = await analysedRun();
    const bundle = await runEvidence(run.workflowId);
    dir = path.join(scratch, "run");
    writeBundleDir(dir, bundle.files);
    const names = [...bundle.files.keys()].sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "inputs/config.json",
        "inputs/ground-truth.json",
        "inputs/run.json",
        "inputs/sessions.json",
        "inputs/software.json",
        "inputs/videos.json",
        "manifest.json",
        "results.json",
        "signature",
      ]),
    );
    const manifest = bundle.manifest;
    expect(Object.keys(manifest.files).sort()).toEqual(names.filter((n) => n !== "manifest.json" && n !== "signature"));
    expect(manifest.subject).toMatchObject({
      workflow_id: run.workflowId,
      firmware: { version: "3.1.4", software_id: "RXSWIN-9" },
    });
    expect(manifest.inputs).toMatchObject({ decision_rule: { decisionRule: "bound" } });
    expect((manifest.inputs.video_files as unknown[]).length).toBe(1);
    expect(manifest.sightline.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.signer.fingerprint).toBe(fingerprintOf(instanceSigningKey().publicKey));
    // The instance's key, made at first use, is readable by its owner only.
    expect(statSync(instanceSigningKey().file).mode & 0o777).toBe(0o600);
    // The analysis cites the versions it used: the history's newest row and the inputs' digests.
    const [cited] = await getDb()
      .select()
      .from(evaluationInputs)
      .where(eq(evaluationInputs.evaluationId, manifest.subject.evaluation_id as string));
    expect(cited?.historyId).toBeGreaterThan(0);
    expect(cited?.groundTruthDigest).toBe(manifest.inputs.ground_truth);
    expect(cited?.configDigest).toBe(manifest.inputs.config);

    const report = verifyBundle(dir, instanceSigningKey().publicKey);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.find((c) => c.what === "evaluation")?.detail).toMatch(/the same/);

    const cli = await sightline(["evidence", "verify", dir]);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/ok {4}signature/);
    expect(cli.stdout).toMatch(/ok {4}evaluation: derived again/);
    expect(cli.stdout).toMatch(/verified: \d+ checks passed/);
  }, 90_000);

  it("holds a report a manager signs: title page, criteria, tables, charts, timing chain, the digest", () => {
    const pdf = path.join(dir, "report.pdf");
    const pages = Number(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }).match(/Pages:\s+(\d+)/)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    for (const expected of [
      "Validation report",
      "3.1.4 · software id RXSWIN-9",
      "Decision rule: bound",
      manifest.subject.evidence_digest,
      "Verdict and criteria",
      "Minimum recall",
      "Per video",
      "Per class",
      "pedestrian",
      "Latency",
      "warning 80 ms",
      "Timelines",
      "1 of 2 found",
      "Timing chain",
      "Against the run before",
      `page 1 of ${pages}`,
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toContain(String(manifest.subject.verdict).toUpperCase());
  });

  it("refuses a one-byte change to any file, a missing file, an added file", async () => {
    const key = instanceSigningKey().publicKey;
    const names = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) {
      const copy = path.join(scratch, `tampered-${name.replaceAll("/", "_")}`);
      writeBundleDir(copy, readBundleDir(dir));
      const file = path.join(copy, name);
      const bytes = readFileSync(file);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] as number) ^ 0x01;
      writeFileSync(file, bytes);
      const report = verifyBundle(copy, key);
      expect(report.ok, name).toBe(false);
      const failed = report.checks.filter((c) => !c.ok).map((c) => c.what);
      expect(
        failed.includes(name) || failed.includes("signature") || failed.includes("manifest.json"),
        `${name}: ${failed}`,
      ).toBe(true);
    }
    const removed = path.join(scratch, "removed");
    writeBundleDir(removed, readBundleDir(dir));
    rmSync(path.join(removed, "inputs/ground-truth.json"));
    expect(verifyBundle(removed, key).checks.find((c) => c.what === "inputs/ground-truth.json")?.detail).toMatch(
      /missing/,
    );
    const added = path.join(scratch, "added");
    writeBundleDir(added, readBundleDir(dir));
    writeFileSync(path.join(added, "note.txt"), "trust me");
    expect(verifyBundle(added, key).checks.find((c) => c.what === "note.txt")?.detail).toMatch(/not listed/);

    const linked = path.join(scratch, "linked");
    writeBundleDir(linked, readBundleDir(dir));
    symlinkSync("/dev/zero", path.join(linked, "zero"));
    expect(verifyBundle(linked, key).checks[0]?.detail).toMatch(/zero .* is not a plain file/);

    const cli = await sightline(["evidence", "verify", added]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/FAIL {2}note\.txt: not listed in the manifest/);
  }, 60_000);

  it("refuses a bundle signed by another instance under this instance's key, and accepts it under the signer's", async () => {
    const other = generateKeyPairSync("ed25519");
    const files = readBundleDir(dir);
    files.delete("manifest.json");
    files.delete("signature");
    const foreignKey = { privateKey: other.privateKey, publicKey: other.publicKey, file: "other" };
    const foreign = path.join(scratch, "foreign");
    writeBundleDir(foreign, sealBundle(files, makeManifest("run", files, {}, {}, foreignKey), foreignKey));
    const refused = verifyBundle(foreign, instanceSigningKey().publicKey);
    expect(refused.checks.find((c) => c.what === "signature")?.ok).toBe(false);
    const keyFile = path.join(scratch, "other.pem");
    writeFileSync(keyFile, publicKeyPem(other.publicKey));
    const accepted = await sightline(["evidence", "verify", foreign, "--public-key", keyFile]);
    expect(accepted.code, accepted.stdout).toBe(0);
    const underOurs = await sightline(["evidence", "verify", foreign]);
    expect(underOurs.code).toBe(1);
    expect(underOurs.stdout).toMatch(/FAIL {2}signature/);
  }, 60_000);

  it("an old run's evidence still verifies, with its old verdict, after the ground truth and criteria change", async () => {
    const before = await runEvidence(run.workflowId);
    await getDb().delete(groundTruthEvents).where(eq(groundTruthEvents.videoId, run.videoId));
    const criteria = (await import("@/lib/validation/project")).defaultPassFailCriteria;
    await setPassFailCriteria({
      id: run.projectId,
      passFailCriteria: { ...criteria, minRecall: { enabled: true, value: 0.1 } },
    });
    const after = await runEvidence(run.workflowId);
    expect(after.manifest.subject.verdict).toBe(before.manifest.subject.verdict);
    expect(after.files.get("inputs/ground-truth.json")).toEqual(before.files.get("inputs/ground-truth.json"));
    const later = path.join(scratch, "later");
    writeBundleDir(later, after.files);
    expect(verifyBundle(later, instanceSigningKey().publicKey).ok).toBe(true);
  }, 60_000);

  it("is served over REST as a tar and by `sightline evidence export`; the public key is served and printed", async () => {
    const tar = await evidenceRoute.GET(
      new Request("http://localhost/x", { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ id: run.workflowId }) },
    );
    expect(tar.status).toBe(200);
    expect(tar.headers.get("content-type")).toBe("application/x-tar");
    const bytes = Buffer.from(await tar.arrayBuffer());
    expect(bytes.subarray(257, 262).toString()).toBe("ustar");
    expect(bytes.toString("latin1")).toContain(`sightline-evidence-${run.workflowId.slice(0, 8)}/manifest.json`);
    // What a browser downloads, unpacked with tar, verifies as it is.
    const unpacked = path.join(scratch, "download");
    mkdirSync(unpacked);
    writeFileSync(path.join(unpacked, "bundle.tar"), bytes);
    execFileSync("tar", ["-xf", "bundle.tar"], { cwd: unpacked });
    const fromDownload = await sightline([
      "evidence",
      "verify",
      path.join(unpacked, `sightline-evidence-${run.workflowId.slice(0, 8)}`),
    ]);
    expect(fromDownload.code, fromDownload.stdout).toBe(0);
    const anonymous = await callRoute(evidenceRoute.GET, { token: null, params: { id: run.workflowId } });
    expect(anonymous.status).toBe(401);

    const out = path.join(scratch, "exported");
    const exported = await sightline(["evidence", "export", "--workflow", run.workflowId, "--out", out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await sightline(["evidence", "verify", out])).code).toBe(0);
    const again = await sightline(["evidence", "export", "--workflow", run.workflowId, "--out", out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);

    const served = await publicKeyRoute.GET();
    const pem = await served.text();
    expect(pem).toBe(publicKeyPem(instanceSigningKey().publicKey));
    expect(served.headers.get("x-sightline-key-fingerprint")).toBe(fingerprintOf(instanceSigningKey().publicKey));
    const printed = await sightline(["evidence", "public-key"]);
    expect(printed.stdout).toBe(pem);
  }, 90_000);
});

describe("evidence of an offline evaluation", () => {
  it("`sightline evaluate --evidence` writes a bundle that verifies, and refuses a changed input", async () => {
    const reference = path.join(scratch, "truth.csv");
    const detections = path.join(scratch, "found.csv");
    writeFileSync(reference, "onset,offset,class\n1,2,pedestrian\n4,5,cyclist\n");
    writeFileSync(detections, "onset,class\n1.1,pedestrian\n9,cyclist\n");
    const dir = path.join(scratch, "offline");
    const run = await sightline([
      "evaluate",
      "--reference",
      reference,
      "--detections",
      detections,
      "--format",
      "json",
      "--evidence",
      dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).counts).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(readdirSync(path.join(dir, "inputs")).sort()).toEqual(["detections.csv", "options.json", "reference.csv"]);
    expect((await sightline(["evidence", "verify", dir])).code).toBe(0);

    // A detection moved by a millisecond (and the hash in the manifest left as it was): refused.
    const file = path.join(dir, "inputs", "detections.csv");
    writeFileSync(file, readFileSync(file, "utf8").replace("1.1", "1.2"));
    const tampered = await sightline(["evidence", "verify", dir]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/FAIL {2}inputs\/detections\.csv: sha256 .* the file was changed/);
    // With the manifest's hash "fixed" too, the signature no longer holds.
    const bytes = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    bytes.files["inputs/detections.csv"] = "0".repeat(64);
    writeFileSync(path.join(dir, "manifest.json"), jsonFile(bytes));
    expect((await sightline(["evidence", "verify", dir])).stdout).toMatch(/FAIL {2}signature/);
  }, 60_000);
});
