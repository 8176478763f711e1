/**
 * `sightline evaluate` and the app read the same files the same way: one reader, one class
 * mapping. The same ground-truth and detection files, named with other tools' class names (ped,
 * person, bicycle, rider), go through the real command in a child process and through the app
 * (ground-truth import, detection import, the run's analysis); the figures are equal.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { callerAs, makeVideo, projectInput } from "@/server/testing/factories";
import { runSightline } from "@/server/testing/run-sightline";
import { analyzeRun } from "./analyze-run";
import { loadRunConfig } from "./run-config";

const evaluate = (reference: string, detections: string) =>
  runSightline(["evaluate", "--reference", reference, "--detections", detections, "--format", "json"]);

// Seven events of two classes under other tools' names; the detections name their classes the
// same way, one of them in capitals. Without the mapping, "Ped" would miss "pedestrian".
const groundTruth = [
  "onset,offset,class",
  "0.50,1.20,ped",
  "1.80,2.40,person",
  "3.00,3.60,bicycle",
  "4.10,4.90,rider",
  "5.50,6.10,Pedestrian",
  "7.00,7.80,bike",
  "8.40,9.00,walker",
].join("\n");
const detections = [
  "time,class,confidence",
  "0.62,Ped,0.9",
  "1.95,pedestrian,0.8",
  "3.21,cyclist,0.7",
  "4.30,bicycle,0.9",
  "5.64,person,0.6",
  "7.15,rider,0.8",
  "8.55,walker,0.7",
  "9.50,ped,0.5",
].join("\n");

describe("the CLI and the app on the same files", () => {
  it("give the same counts and figures, with the same class mapping", async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-agree-"));
    const referenceFile = path.join(scratch, "truth.csv");
    const detectionFile = path.join(scratch, "detections.csv");
    writeFileSync(referenceFile, groundTruth);
    writeFileSync(detectionFile, detections);

    const { caller } = await callerAs("engineer");
    const project = await caller.projects.create(projectInput({ cameraView: "front" }));
    const video = await makeVideo({ cameraView: "front", events: 0 });
    await caller.groundTruth.import({ videoId: video.id, fileName: "truth.csv", content: groundTruth });
    const run = await caller.workflows.create({ projectId: project.id, start: false });
    await caller.results.importDetections({
      workflowId: run.id,
      videoId: video.id,
      fileName: "detections.csv",
      content: detections,
    });
    const analysis = await analyzeRun(run.id, await loadRunConfig(run.id, project.id, {}));
    const app = analysis.run;

    const cli = await evaluate(referenceFile, detectionFile);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const result = JSON.parse(cli.stdout);

    // 7 of 7 found once the names are mapped; the 9.5 s detection is a false positive.
    expect(result.counts).toMatchObject({ reference: 7, detections: 8, tp: 7, fp: 1, fn: 0 });
    expect(app?.counts).toMatchObject({
      reference: result.counts.reference,
      detections: result.counts.detections,
      tp: result.counts.tp,
      fp: result.counts.fp,
      fn: result.counts.fn,
      retriggers: result.counts.retriggers,
    });
    const metrics = app?.metrics as { precision: number; recall: number; f1: number };
    expect(metrics.precision).toBe(result.precision);
    expect(metrics.recall).toBe(result.recall);
    expect(metrics.f1).toBe(result.f1);
  });
});
