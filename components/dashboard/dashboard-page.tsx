"use client";
/**
 * The managers' dashboard: every project's latest verdict and the trend of its last runs, the
 * runs going on now (live), the pass rate and p95 latency over time, and how busy the rigs are;
 * filtered by camera model and view, every figure linking to the page it comes from, the table
 * exportable as CSV. Paged and aggregated on the server, so it stays fast with many projects.
 */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { useLiveEvent } from "@/components/live/use-live";
import { type RouterOutputs, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField, SelectField } from "@/components/ui/field";
import { Pager } from "@/components/ui/pager";
import { ProgressBar } from "@/components/ui/progress-bar";
import { VerdictBadge, verdictText } from "@/components/ui/verdict-badge";
import { DryRunBadge } from "@/components/workflow/dry-run-badge";
import { StateBadge } from "@/components/workflow/state-badge";
import { liveRooms, type WorkflowPush } from "@/lib/live-events";
import { cameraViewLabel } from "@/lib/validation/project";
import { RunSparkline } from "./run-sparkline";
import { TrendChart } from "./trend-chart";

const PAGE = 25;
type ActiveRuns = RouterOutputs["dashboard"]["activeRuns"];

const tileClass =
  "block w-full rounded-lg bg-surface px-4 py-3 text-left shadow-sm ring-1 ring-slate-200 hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-brand-600";

/** A summary figure: a link to where it comes from, or a button that filters the table below. */
function Tile({
  label,
  value,
  href,
  onSelect,
  selected,
  detail,
}: {
  label: string;
  value: string | number;
  href?: string;
  onSelect?: () => void;
  selected?: boolean;
  detail?: string;
}) {
  const body = (
    <>
      <span className="block text-xs font-medium uppercase tracking-wide text-slate-500">{label}</span>
      <span className="mt-1 block text-2xl font-semibold tabular-nums text-slate-900">{value}</span>
      {detail ? <span className="block text-xs text-slate-500">{detail}</span> : null}
    </>
  );
  if (onSelect) {
    return (
      <button
        type="button"
        aria-pressed={selected}
        onClick={onSelect}
        className={`${tileClass} ${selected ? "ring-2 ring-brand-500" : ""}`}
      >
        {body}
      </button>
    );
  }
  return (
    <Link href={href ?? "#"} className={tileClass}>
      {body}
    </Link>
  );
}

const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

export function DashboardPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cameraModel, setCameraModel] = useState("");
  const [cameraView, setCameraView] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [latestVerdict, setLatestVerdict] = useState<"pass" | "fail" | undefined>(undefined);
  const projectsCard = useRef<HTMLDivElement>(null);
  const showVerdict = (verdict: "pass" | "fail") => {
    setLatestVerdict((current) => (current === verdict ? undefined : verdict));
    setPage(1);
    projectsCard.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  const filters = { cameraModel: cameraModel || undefined, cameraView: cameraView || undefined };

  const options = useQuery(trpc.dashboard.filterOptions.queryOptions());
  const overview = useQuery({ ...trpc.dashboard.overview.queryOptions(filters), placeholderData: keepPreviousData });
  const projects = useQuery({
    ...trpc.dashboard.projects.queryOptions({
      ...filters,
      search: search || undefined,
      latestVerdict,
      page,
      pageSize: PAGE,
    }),
    placeholderData: keepPreviousData,
  });
  const trend = useQuery({
    ...trpc.dashboard.trend.queryOptions({ ...filters, days: 30 }),
    placeholderData: keepPreviousData,
  });
  const active = useQuery({ ...trpc.dashboard.activeRuns.queryOptions(filters), placeholderData: keepPreviousData });
  const rigs = useQuery(trpc.dashboard.rigs.queryOptions({ hours: 24 }));

  // Live: a running run's progress is patched in place; a run that starts or ends refreshes the
  // figures it changes (at most once a second, however many runs change).
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvent(liveRooms.workflows, "workflow:changed", (push: WorkflowPush) => {
    const key = trpc.dashboard.activeRuns.queryKey(filters);
    const known = queryClient.getQueryData<ActiveRuns>(key)?.runs.find((r) => r.id === push.workflowId);
    if (known && known.state === push.state) {
      queryClient.setQueryData<ActiveRuns>(key, (old) =>
        old
          ? {
              ...old,
              runs: old.runs.map((r) =>
                r.id === push.workflowId ? { ...r, overallProgress: push.overallProgress } : r,
              ),
            }
          : old,
      );
      return;
    }
    if (refreshTimer.current) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      for (const query of [
        trpc.dashboard.activeRuns,
        trpc.dashboard.overview,
        trpc.dashboard.projects,
        trpc.dashboard.trend,
      ]) {
        void queryClient.invalidateQueries({ queryKey: query.queryKey() });
      }
    }, 1000);
  });

  const exportHref = `/api/dashboard/projects.csv?${new URLSearchParams(
    Object.entries({ cameraModel, cameraView, search }).filter(([, v]) => v),
  ).toString()}`;
  const o = overview.data;
  const failure = [overview, projects, trend, active, rigs].find((q) => q.isError)?.error;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
        <form className="flex flex-wrap items-end gap-3" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label="Camera model"
            value={cameraModel}
            onChange={(e) => {
              setCameraModel(e.target.value);
              setPage(1);
            }}
            options={[
              { value: "", label: "All models" },
              ...(options.data?.models ?? []).map((m) => ({ value: m, label: m })),
            ]}
          />
          <SelectField
            label="Camera view"
            value={cameraView}
            onChange={(e) => {
              setCameraView(e.target.value);
              setPage(1);
            }}
            options={[
              { value: "", label: "All views" },
              ...(options.data?.views ?? []).map((v) => ({ value: v, label: cameraViewLabel(v) })),
            ]}
          />
        </form>
      </div>
      {failure ? <Alert>{failure.message}</Alert> : null}

      <section aria-label="Summary" className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Tile label="Projects" value={o?.projects ?? "…"} href="/projects" />
        <Tile
          label="Passing"
          value={o?.passing ?? "…"}
          onSelect={() => showVerdict("pass")}
          selected={latestVerdict === "pass"}
          detail="latest run passed"
        />
        <Tile
          label="Failing"
          value={o?.failing ?? "…"}
          onSelect={() => showVerdict("fail")}
          selected={latestVerdict === "fail"}
          detail="latest run failed"
        />
        <Tile label="Active runs" value={o?.activeRuns ?? "…"} href="/workflows" />
        <Tile
          label="Rigs online"
          value={o ? `${o.rigs.online}/${o.rigs.total}` : "…"}
          href="/rigs"
          detail={o ? `${o.rigs.busy} busy` : undefined}
        />
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card
          title="Pass rate and p95 latency"
          description="Runs finished per day, last 30 days."
          className="lg:col-span-2"
        >
          {trend.data ? <TrendChart trend={trend.data} /> : <p className="text-sm text-slate-500">Loading…</p>}
        </Card>
        <Card title={`Active runs (${active.data?.total ?? 0})`} description="Live.">
          {active.data?.runs.length ? (
            <ul className="space-y-3">
              {active.data.runs.map((run) => (
                <li key={run.id} className="space-y-1">
                  <div className="flex items-center justify-between gap-2 text-sm">
                    <Link href={`/workflows/${run.id}`} className="truncate font-medium text-link hover:underline">
                      {run.projectName}
                    </Link>
                    <StateBadge state={run.state} />
                  </div>
                  <ProgressBar
                    value={run.overallProgress}
                    label={`Progress of the run of ${run.projectName}`}
                    hideLabel
                  />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No run is active.</p>
          )}
          {active.data && active.data.total > active.data.runs.length ? (
            <Link href="/workflows" className="mt-3 block text-sm text-link hover:underline">
              All {active.data.total} active runs →
            </Link>
          ) : null}
        </Card>
      </div>

      <div ref={projectsCard} className="scroll-mt-4" />
      <Card
        title="Projects"
        description="Latest verdict and the last ten runs (p95 latency; green passed, red failed)."
        actions={
          <a href={exportHref} download className="text-sm font-medium text-link hover:underline">
            Export CSV
          </a>
        }
      >
        <div className="mb-4 flex flex-wrap items-end gap-4">
          <InputField
            label="Search projects"
            className="w-full max-w-sm"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
          {latestVerdict ? (
            <p role="status" className="flex items-center gap-2 pb-2 text-sm text-slate-600">
              Only projects whose latest run {latestVerdict === "pass" ? "passed" : "failed"}
              <button
                type="button"
                onClick={() => setLatestVerdict(undefined)}
                className="font-medium text-link hover:underline"
              >
                Show all
              </button>
            </p>
          ) : null}
        </div>
        <div className="relative overflow-x-auto">
          <DataTable
            columns={["Project", "Camera", "Latest verdict", "Pass rate", "Last runs", "Latest p95", "Finished"]}
          >
            {(projects.data?.projects ?? []).map((p) => {
              const latest = p.runs[0];
              return (
                <tr key={p.id}>
                  <td className="py-2 pr-3">
                    <Link href={`/projects/${p.id}`} className="font-medium text-link hover:underline">
                      {p.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-3 text-xs text-slate-600">
                    {p.cameraModel || "—"} · {p.cameraView}
                  </td>
                  <td className="py-2 pr-3">
                    {latest ? (
                      <span className="inline-flex flex-wrap items-center gap-1">
                        <Link
                          href={`/workflows/${latest.workflowId}/results`}
                          aria-label={`${verdictText(latest.verdict)}: results of the latest run of ${p.name}`}
                        >
                          <VerdictBadge verdict={latest.verdict} />
                        </Link>
                        <DryRunBadge dryRun={latest.dryRun} />
                        {latest.decisionRule ? (
                          <span className="block w-full text-xs text-slate-500">
                            rule: {latest.decisionRule}
                            {latest.recallLowerBound !== null
                              ? ` · recall lower bound ${(latest.recallLowerBound * 100).toFixed(1)} %`
                              : ""}
                          </span>
                        ) : null}
                      </span>
                    ) : (
                      <span className="text-xs text-slate-500">no run</span>
                    )}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{percent(p.passRate)}</td>
                  <td className="py-2 pr-3">
                    {p.runs.length ? (
                      <Link href={`/projects/${p.id}`}>
                        <RunSparkline runs={p.runs} />
                      </Link>
                    ) : (
                      <RunSparkline runs={p.runs} />
                    )}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">
                    {latest?.p95Ms == null ? "—" : `${Math.round(latest.p95Ms)} ms`}
                  </td>
                  <td className="py-2 text-xs text-slate-500">{latest ? latest.finishedAt.toLocaleString() : "—"}</td>
                </tr>
              );
            })}
          </DataTable>
        </div>
        <Pager page={page} pageSize={PAGE} total={projects.data?.total ?? 0} onPage={setPage} label="Project pages" />
      </Card>

      <Card title="Rig utilisation" description="Share of the last 24 hours each rig spent playing test sessions.">
        {rigs.data?.rigs.length ? (
          <DataTable columns={["Rig", "Status", "Sessions", "Busy"]}>
            {rigs.data.rigs.map((r) => (
              <tr key={r.id}>
                <td className="py-2 pr-3">
                  <Link href="/rigs" className="text-link hover:underline">
                    {r.name}
                  </Link>
                </td>
                <td className="py-2 pr-3 text-xs text-slate-600">{r.status}</td>
                <td className="py-2 pr-3 tabular-nums">{r.sessions}</td>
                <td className="w-1/3 py-2">
                  <ProgressBar value={r.utilisation * 100} label={`Utilisation of ${r.name}`} hideLabel />
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="text-sm text-slate-500">No rig registered.</p>
        )}
      </Card>
    </div>
  );
}
