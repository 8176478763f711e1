"use client";
/**
 * A run's results: the verdict first, then why (the criteria), the figures per class and per
 * video, the latency distribution against the thresholds, and each session on a timeline. The
 * sessions card imports recorded detections and re-analyses the run when sessions were added.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RunGate } from "@/components/comparison/run-gate";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { plural } from "@/components/ui/plural";
import { DryRunBadge } from "@/components/workflow/dry-run-badge";
import { runLabel } from "@/components/workflow/run-label";
import { SoftwareIdentity } from "@/components/workflow/software-identity";
import type { Counts, LatencyStats } from "@/lib/analysis/evaluate";
import type { Figures as FigureSet } from "@/lib/analysis/evaluate-run";
import { criterionFigure, millis, NA, percent, range, whole } from "@/lib/analysis/figure-format";
import type { FigureIntervals } from "@/lib/analysis/figure-intervals";
import { download, resultsCsv, resultsJson } from "./export";
import { ImportDetectionsForm } from "./import-detections-form";
import { LatencyHistogram } from "./latency-histogram";
import { SessionTimeline } from "./session-timeline";
import { TestCaseCard } from "./test-case-card";
import { TimingCard } from "./timing-card";
import type { Results } from "./types";
import { VerdictBanner } from "./verdict-banner";

type Figures = {
  counts: Counts | null;
  metrics: FigureSet["metrics"] | null;
  latency: LatencyStats | null;
  intervals?: FigureIntervals | null;
};

const statusTone = {
  pass: "good",
  fail: "bad",
  "n/a": "muted",
  incomplete: "warn",
  inconclusive: "warn",
} as const;

/** A figure with its interval under it, small: the estimate first, how sure it is second. */
function WithRange({ value, bounds }: { value: string; bounds: string }) {
  return (
    <>
      {value}
      {bounds ? <span className="block text-xs text-slate-500">{bounds}</span> : null}
    </>
  );
}

function FigureCells({ f, precision = true }: { f: Figures; precision?: boolean }) {
  const c = f.counts;
  const m = f.metrics;
  const l = f.latency;
  const i = f.intervals;
  return (
    <>
      <td className="py-2 tabular-nums">{whole(c?.reference)}</td>
      <td className="py-2 tabular-nums">{whole(c?.tp)}</td>
      <td className="py-2 tabular-nums">{precision ? whole(c?.fp) : NA}</td>
      <td className="py-2 tabular-nums">{whole(c?.fn)}</td>
      <td className="py-2 tabular-nums">
        {precision ? <WithRange value={percent(m?.precision)} bounds={range(i?.precision, "ratio")} /> : NA}
      </td>
      <td className="py-2 tabular-nums">
        <WithRange value={percent(m?.recall)} bounds={range(i?.recall, "ratio")} />
      </td>
      <td className="py-2 tabular-nums">{precision ? percent(m?.f1) : NA}</td>
      <td className="py-2 tabular-nums">
        <WithRange value={millis(l?.p95)} bounds={range(i?.latencyMs.p95, "ms")} />
      </td>
    </>
  );
}
const figureColumns = ["Ground truth", "TP", "FP", "FN", "Precision", "Recall", "F1", "Latency p95"];

export function ResultsPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const results = useQuery(trpc.results.byWorkflow.queryOptions({ workflowId: id }));
  const reanalyze = useMutation(trpc.results.reanalyze.mutationOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.results.byWorkflow.queryKey({ workflowId: id }) });

  if (results.isPending) return <p className="text-sm text-slate-500">Loading the results…</p>;
  if (results.isError) return <Alert>{results.error.message}</Alert>;
  const r: Results = results.data;
  const e = r.evaluation;
  const finished = r.workflow.state === "completed" || r.workflow.state === "failed";

  const runAnalysis = async () => {
    setFailure(null);
    try {
      const done = await reanalyze.mutateAsync({ workflowId: id });
      setNotice(`Analysed ${done.sessions} session${done.sessions === 1 ? "" : "s"}: verdict ${done.verdict}.`);
      await refresh();
    } catch (error) {
      setFailure((error as Error).message);
    }
  };
  const fileStem = `sightline-results-${id.slice(0, 8)}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href={`/workflows/${id}`} className="text-sm text-link hover:underline">
            ← {runLabel(r.workflow)} · {r.workflow.projectName}
          </Link>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold tracking-tight">
            Results <DryRunBadge dryRun={r.workflow.dryRun} />
          </h1>
          <SoftwareIdentity run={r.workflow} />
          {e ? (
            <p className="mt-1 text-sm text-slate-500">
              Analysed {e.createdAt.toLocaleString()} · match window {whole(r.thresholds.matchWindowMs)} ms after each
              onset · warning {whole(r.thresholds.warningMs)} ms · critical {whole(r.thresholds.criticalMs)} ms
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            disabled={!e}
            onClick={() => download(`${fileStem}.csv`, "text/csv", resultsCsv(r))}
          >
            Export CSV
          </Button>
          <Button
            variant="secondary"
            disabled={!e}
            onClick={() => download(`${fileStem}.json`, "application/json", resultsJson(r))}
          >
            Export JSON
          </Button>
          {e && finished ? (
            <a
              href={`/api/v1/workflow/workflows/${id}/evidence`}
              download
              title="A signed bundle of the run's inputs, results and report, which sightline evidence verify checks"
              className="inline-flex items-center rounded-md bg-surface px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Download evidence
            </a>
          ) : null}
        </div>
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}

      <VerdictBanner
        evaluation={e}
        runState={r.workflow.state}
        dryRun={r.workflow.dryRun}
        importedSessions={r.sessions.filter((s) => s.source === "import").length}
      />
      {e && r.workflow.state === "completed" ? <RunGate workflowId={id} /> : null}

      {r.unanalysedSessions > 0 ? (
        <Alert tone="info">
          {r.unanalysedSessions} session{r.unanalysedSessions === 1 ? " was" : "s were"} added after this analysis.{" "}
          {finished && canEdit ? "Analyse again to include them." : "The run's own analysis will include them."}
        </Alert>
      ) : null}

      {e ? (
        <>
          <Card
            title="Criteria"
            description="Each pass/fail criterion of the project, as frozen when the run started; the bound is what the decision rule judges."
          >
            <DataTable columns={["Criterion", "Value", "Bound", "Limit", "Status"]}>
              {e.criteria.map((c) => (
                <tr key={c.key} aria-label={`Criterion ${c.label}`}>
                  <td className="py-2">
                    {c.label}
                    {c.statistic ? <span className="ml-1 text-slate-500">({c.statistic})</span> : null}
                  </td>
                  <td className="py-2 tabular-nums">{criterionFigure(c.key, c.value)}</td>
                  <td className="py-2 tabular-nums text-slate-600">
                    {c.bound === undefined ? "—" : c.bound === null ? "open" : criterionFigure(c.key, c.bound)}
                  </td>
                  <td className="py-2 tabular-nums text-slate-600">
                    {c.comparison === ">=" ? "≥" : "≤"} {criterionFigure(c.key, c.limit)}
                  </td>
                  <td className="py-2">
                    <Badge tone={statusTone[c.status]}>{c.status}</Badge>
                    {c.note ? <span className="ml-2 text-xs text-slate-500">{c.note}</span> : null}
                    {c.status === "inconclusive" ? (
                      <span className="block text-xs text-amber-800">
                        {c.moreEvents === null || c.moreEvents === undefined
                          ? "more evidence than a run can hold would be needed"
                          : `${plural(c.moreEvents, "more event")} with no further miss would settle it`}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          </Card>

          {e.testCases ? <TestCaseCard matrix={e.testCases} confidenceLevel={e.judging.confidenceLevel} /> : null}

          {e.timing ? <TimingCard timing={e.timing} latency={e.latency} rawLatency={e.rawLatency} /> : null}

          <div className="space-y-6">
            <Card
              title="Per class"
              description={`Detections without a class (a GPIO line) give recall and latency per class; precision only overall. Under each figure, its ${+(e.judging.confidenceLevel * 100).toFixed(2)} % interval.`}
            >
              <DataTable columns={["Class", ...figureColumns]}>
                <tr>
                  <td className="py-2 font-semibold">All</td>
                  <FigureCells f={e} />
                </tr>
                {Object.entries(e.perClass).map(([name, c]) => (
                  <tr key={name}>
                    <td className="py-2 font-medium">{name}</td>
                    <FigureCells
                      f={{ counts: c.counts, metrics: c.ratios, latency: c.latencyMs, intervals: c.intervals }}
                      precision={c.ratios.precision !== null || c.counts.detections > 0}
                    />
                  </tr>
                ))}
              </DataTable>
            </Card>
            <Card title="Per video">
              <DataTable columns={["Video", ...figureColumns, "Verdict"]}>
                {e.byVideo.map((v) => (
                  <tr key={v.videoId}>
                    <td className="py-2 font-mono text-xs">{v.fileName}</td>
                    <FigureCells f={v} />
                    <td className="py-2">
                      <Badge tone={statusTone[v.verdict]}>{v.verdict}</Badge>
                      {v.window ? (
                        <span className="block text-xs text-slate-600" data-window-figures>
                          {[
                            v.window.worstMarginMs === null
                              ? null
                              : `worst margin ${v.window.worstMarginMs.toFixed(0)} ms`,
                            v.window.earlyActivations ? plural(v.window.earlyActivations, "early activation") : null,
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </Card>
          </div>

          <Card
            title="Latency"
            description={`Detection latency of the ${r.latencies.length} matches (detection onset − ground-truth onset${e.timing?.basis === "corrected" ? ", corrected for display latency" : ""}): mean ${millis(
              e.latency.mean,
            )}, p50 ${millis(e.latency.p50)}, p95 ${millis(e.latency.p95)}, p99 ${millis(e.latency.p99)}, max ${millis(e.latency.max)}.`}
          >
            {r.latencies.length ? (
              <LatencyHistogram
                latencies={r.latencies}
                warningMs={r.thresholds.warningMs}
                criticalMs={r.thresholds.criticalMs}
              />
            ) : (
              <p className="text-sm text-slate-500">No detection matched ground truth: no latency to show.</p>
            )}
          </Card>

          <SessionTimeline workflowId={id} sessions={r.sessions} />
        </>
      ) : null}

      <Card
        title="Sessions"
        description="One playback of one video. Sessions come from a rig, or from a recorded detection file imported here."
        actions={
          canEdit && finished ? (
            <Button variant="secondary" pending={reanalyze.isPending} onClick={runAnalysis}>
              Analyse again
            </Button>
          ) : null
        }
      >
        {r.sessions.length ? (
          <DataTable columns={["Video", "Source", "Detections", "Recall", "Verdict", "Added"]}>
            {r.sessions.map((s) => (
              <tr key={s.id}>
                <td className="py-2 font-mono text-xs">{s.fileName}</td>
                <td className="py-2 text-slate-600">
                  {s.source === "import" ? `imported ${s.importedFile}` : s.source}
                </td>
                <td className="py-2 tabular-nums">{s.detections}</td>
                <td className="py-2 tabular-nums">
                  {s.evaluated ? (
                    <WithRange value={percent(s.metrics?.recall)} bounds={range(s.intervals?.recall, "ratio")} />
                  ) : (
                    NA
                  )}
                </td>
                <td className="py-2">
                  {s.verdict ? (
                    <Badge tone={statusTone[s.verdict]}>{s.verdict}</Badge>
                  ) : (
                    <Badge tone="muted">not analysed</Badge>
                  )}
                </td>
                <td className="py-2 text-slate-500">{s.createdAt.toLocaleString()}</td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="text-sm text-slate-500">No session yet.</p>
        )}
        {canEdit && r.workflow.state !== "cancelled" ? (
          <div className="mt-6 border-t border-slate-100 pt-4">
            <ImportDetectionsForm
              workflowId={id}
              videos={r.videos}
              onImported={(message) => {
                setNotice(message);
                void refresh();
              }}
            />
          </div>
        ) : null}
      </Card>
    </div>
  );
}
