/**
 * The v1 REST API's endpoints as data: method, path, who may call, the zod schema of the body.
 * The OpenAPI document and the API reference page are made from this list, and a test checks
 * that it names exactly the route handlers under app/api/v1/workflow.
 */
import type { z } from "zod";
import type { UserRole } from "@/lib/validation/user";
import {
  assignVideosRestSchema,
  createProjectRestSchema,
  criteriaRestSchema,
  executeTestsRestSchema,
  judgingRestSchema,
  regressionGateRestSchema,
  thresholdsRestSchema,
} from "@/server/rest/rest-schemas";

export type Endpoint = {
  method: "get" | "post";
  /** Under /api/v1/workflow (or absolute, from /api/), with {name} for path parameters. */
  path: string;
  summary: string;
  description: string;
  /** null: no sign-in needed. */
  role: UserRole | null;
  body?: z.ZodType;
  /** Answers without the database (so never 503). */
  noDatabase?: true;
  /** Optional whole-number query parameters. */
  query?: { name: string; description: string }[];
};

export const REST_BASE = "/api/v1/workflow";

/** The endpoint's path from the root: under REST_BASE unless it is given from /api/. */
export const fullPath = (e: Pick<Endpoint, "path">) => (e.path.startsWith("/api/") ? e.path : `${REST_BASE}${e.path}`);

export const endpoints: Endpoint[] = [
  {
    method: "post",
    path: "/projects/create",
    summary: "Create a project",
    description:
      "Creates a project with its run defaults, latency thresholds and pass/fail criteria; parts left out take the defaults. Unknown keys are refused.",
    role: "engineer",
    body: createProjectRestSchema,
  },
  {
    method: "post",
    path: "/tests/execute",
    summary: "Start a validation run",
    description:
      "Starts a validation workflow of the project and answers at once with its id; the run goes on in the background. `name` and `firmware_version` (the camera firmware under test) name the run in lists; `software_id` (e.g. a UN R156 RXSWIN) and `software_notes` identify further what was tested. A project with `require_firmware` refuses a run without `firmware_version` (400).",
    role: "engineer",
    body: executeTestsRestSchema,
  },
  {
    method: "get",
    path: "/projects/{id}/status",
    summary: "Status of the project's latest run",
    description: "Overall and component progress, videos played, test sessions done, and the task at work.",
    role: "viewer",
  },
  {
    method: "get",
    path: "/projects/{id}/progress",
    summary: "Progress of the project's latest run",
    description: "Overall progress and the progress of each component.",
    role: "viewer",
  },
  {
    method: "post",
    path: "/projects/{id}/latency-thresholds",
    summary: "Change latency thresholds",
    description:
      "Changes the thresholds sent; the others keep their values. The result must hold as a whole (warning ≤ critical), else 422.",
    role: "engineer",
    body: thresholdsRestSchema,
  },
  {
    method: "post",
    path: "/projects/{id}/pass-fail-criteria",
    summary: "Change pass/fail criteria",
    description:
      "Changes the criteria sent (a number sets the limit and checks the criterion); the others keep their values.",
    role: "engineer",
    body: criteriaRestSchema,
  },
  {
    method: "post",
    path: "/projects/{id}/judging",
    summary: "Set how the project's runs are judged",
    description:
      "`confidence_level` (0.5 – 0.9999, default 0.95), `interval_method` (`wilson` or `clopper-pearson`), `decision_rule` (`point`: the estimate meets the limit; `bound`: its one-sided bound does, else the criterion is inconclusive) and `verdict_scope` (`every_video` or `aggregate`). Keys left out keep their stored values; each run freezes them when it starts.",
    role: "engineer",
    body: judgingRestSchema,
  },
  {
    method: "post",
    path: "/projects/{id}/regression-gate",
    summary: "Set the project's regression gate",
    description:
      "Firmware against firmware: `max_recall_drop` (δ, 0 – 1, default 0.05): run B may lose at most this much recall against run A; `max_p95_increase_ms` (ε, default 20; null: latency not gated): B's p95 latency may grow by at most this much; `require_firmware` (default false): a run cannot start without a firmware version. A comparison says `regression` when an interval lies wholly beyond a limit, `no regression` when both lie within, else `inconclusive`. Keys left out keep their stored values.",
    role: "engineer",
    body: regressionGateRestSchema,
  },
  {
    method: "post",
    path: "/projects/{id}/assign-videos",
    summary: "Assign videos",
    description:
      "Assigns the videos named, or with `automatic: true` every usable video scoring at least `min_score` (0.5).",
    role: "engineer",
    body: assignVideosRestSchema,
  },
  {
    method: "get",
    path: "/workflows/active",
    summary: "Active runs",
    description: "Runs not yet completed, failed or cancelled, newest first.",
    role: "viewer",
  },
  {
    method: "get",
    path: "/workflows/{id}",
    summary: "A run",
    description: "State, strategy, progress per component, tasks, and the verdict once analysed.",
    role: "viewer",
  },
  {
    method: "get",
    path: "/workflows/{id}/results",
    summary: "A run's results",
    description:
      "The verdict and the decision rule it followed (`point` or `bound`, level, interval method, scope); each criterion with its value, its one-sided bound under `bound`, its status (pass, fail, inconclusive, n/a) and, when inconclusive, how many more events would settle it; the figures overall, per class, per video and per session, each ratio with its interval, false positives per hour with Garwood's, latency percentiles with order-statistic intervals; and the assigned videos without a completed session.",
    role: "viewer",
  },
  {
    method: "get",
    path: "/workflows/{id}/compare/{b}",
    summary: "Compare run B with run A",
    description:
      "Run `{b}` against run `{id}` (A, the baseline) of the same project, paired on each ground-truth event of the videos both played: `paired` (`both`, `a_only`, `b_only`, `neither`), `mcnemar_p` (exact McNemar), `recall` (`a`, `b`, `diff` = B − A, `diff_ci`: Newcombe's paired interval), `recall_ci` (Wilson), `latency_ms` (`p50_a`, `p50_b`, `p95_a`, `p95_b`, `p95_diff`, `p95_diff_ci`: a paired bootstrap over videos, its `seed` and `resamples` in `bootstrap`), `false_positives` (per hour with Garwood intervals), `per_video`, `changed` (events found by one run only: `reference` is the ground-truth event's id, `in` the run that found it), `false_alarms` (false positives only one run raised), `gate` (the project's regression gate: `no regression`, `regression` or `inconclusive`, with its reasons) and `coverage` (videos and events left out). 409 while either run has no results.",
    role: "viewer",
    query: [
      { name: "seed", description: "Seed of the bootstrap (default 1)." },
      { name: "resamples", description: "Bootstrap resamples, 100 – 20000 (default 2000)." },
    ],
  },
  {
    method: "get",
    path: "/workflows/{id}/evidence",
    summary: "A run's signed evidence bundle",
    description:
      "A tar of the run's evidence folder: `manifest.json` (sha256 of every file and of the run's inputs: video files, ground truth and detections as analysed, frozen thresholds, criteria and decision rule, Sightline's version and commit, agents, firmware, rigs, clocks), `inputs/` (the inputs in canonical JSON), `results.json` (every evaluation), `comparison.json` (against the run before, where there is one), `report.pdf`, and `signature` (Ed25519 over the manifest; the key is at /api/v1/evidence/public-key). `sightline evidence verify` checks it and derives the evaluation again. 409 while the run has no results.",
    role: "viewer",
  },
  {
    method: "get",
    path: "/api/v1/evidence/public-key",
    summary: "The instance's evidence public key",
    description:
      "The Ed25519 public key (PEM) that verifies this instance's evidence bundles; its fingerprint is in the `x-sightline-key-fingerprint` header and in Settings. Open, as it is meant to be shared.",
    role: null,
    noDatabase: true,
  },
  {
    method: "post",
    path: "/workflows/{id}/pause",
    summary: "Pause a run",
    description:
      "Running tasks finish, no new one starts; test sessions playing finish and no new one is offered to a rig until the run is resumed. A finished run cannot be paused (409).",
    role: "engineer",
  },
  {
    method: "post",
    path: "/workflows/{id}/resume",
    summary: "Resume a paused run",
    description: "Only a paused run can be resumed (else 409).",
    role: "engineer",
  },
  {
    method: "post",
    path: "/workflows/{id}/cancel",
    summary: "Cancel a run",
    description: "Running tasks are aborted. A finished run cannot be cancelled (409).",
    role: "engineer",
  },
  {
    method: "get",
    path: "/health",
    summary: "Health",
    description:
      "Database, job engine, tasks at work, rigs online, version, uptime. No sign-in. 503 when the database does not answer.",
    role: null,
  },
];
