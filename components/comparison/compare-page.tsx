"use client";
/**
 * Run A against run B (DESIGN §10): the regression gate's answer first, then the figures of each
 * run with the difference and its interval, the paired outcome table, the figures per video, and
 * the events whose outcome changed; choosing one opens both runs' timelines of that video, one
 * above the other, on the same span and marked at the event's frame.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { plural } from "@/components/ui/plural";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import { DryRunBadge } from "@/components/workflow/dry-run-badge";
import { runLabel } from "@/components/workflow/run-label";
import { millis, NA, percent, range } from "@/lib/analysis/figure-format";
import { EventTimelines } from "./event-timelines";
import { GateBanner } from "./gate-banner";
import type { Comparison, Focus } from "./types";

type Head = Comparison["a"];

const label = (h: Head) => runLabel({ id: h.workflow_id, name: h.name, firmwareVersion: h.firmware_version });
const signedPercent = (x: number | null) => (x === null ? NA : `${x > 0 ? "+" : ""}${(x * 100).toFixed(1)} pts`);
const signedMs = (x: number | null) => (x === null ? NA : `${x > 0 ? "+" : ""}${x.toFixed(1)} ms`);
const seconds = (ms: number | null) => (ms === null ? NA : `${(ms / 1000).toFixed(3)} s`);

function RunHead({ side, head }: { side: "A" | "B"; head: Head }) {
  return (
    <div className="min-w-0 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        Run {side} {side === "A" ? "(baseline)" : "(candidate)"}
      </p>
      <p className="mt-1 flex flex-wrap items-center gap-2 font-medium">
        <Link href={`/workflows/${head.workflow_id}/results`} className="text-link hover:underline">
          {label(head)}
        </Link>
        <VerdictBadge verdict={head.verdict} /> <DryRunBadge dryRun={head.dry_run} />
      </p>
      <p className="mt-1 text-sm text-slate-600">
        Firmware <span className="font-mono">{head.firmware_version ?? "not stated"}</span>
        {head.software_id ? (
          <>
            {" "}
            · software id <span className="font-mono break-all">{head.software_id}</span>
          </>
        ) : null}
      </p>
      {head.finished_at ? (
        <p className="text-xs text-slate-500">finished {new Date(head.finished_at).toLocaleString()}</p>
      ) : null}
    </div>
  );
}

function Summary({ c }: { c: Comparison }) {
  const l = c.latency_ms;
  const fp = c.false_positives;
  const b = c.bootstrap;
  const level = `${Math.round(c.recall_ci.level * 1000) / 10} %`;
  const rows: [string, string, string, string, string][] = [
    [
      "Recall",
      `${percent(c.recall.a)} (${range(c.recall_ci.a, "ratio") || NA})`,
      `${percent(c.recall.b)} (${range(c.recall_ci.b, "ratio") || NA})`,
      signedPercent(c.recall.diff),
      c.recall.diff_ci
        ? `${signedPercent(c.recall.diff_ci[0])} to ${signedPercent(c.recall.diff_ci[1])} (Newcombe, paired)`
        : NA,
    ],
    [
      "Latency p50",
      millis(l.p50_a),
      millis(l.p50_b),
      signedMs(l.p50_b === null || l.p50_a === null ? null : l.p50_b - l.p50_a),
      "",
    ],
    [
      "Latency p95",
      millis(l.p95_a),
      millis(l.p95_b),
      signedMs(l.p95_diff),
      l.p95_diff_ci
        ? `${signedMs(l.p95_diff_ci[0])} to ${signedMs(l.p95_diff_ci[1])} (bootstrap over ${plural(b.clusters, b.unit)}, ${b.resamples} resamples, seed ${b.seed})`
        : NA,
    ],
    [
      "False positives per hour",
      fp.per_hour_a === null
        ? `${fp.a} (length unknown)`
        : `${fp.per_hour_a.toFixed(2)} (${range(fp.per_hour_a_ci, "per hour")})`,
      fp.per_hour_b === null
        ? `${fp.b} (length unknown)`
        : `${fp.per_hour_b.toFixed(2)} (${range(fp.per_hour_b_ci, "per hour")})`,
      `${fp.b - fp.a > 0 ? "+" : ""}${fp.b - fp.a} false positives`,
      fp.hours === null ? "" : `Garwood, over ${fp.hours.toFixed(2)} h of video`,
    ],
  ];
  return (
    <Card
      title="Figures"
      description={`On the ${plural(c.events, "ground-truth event")} both runs were judged on; intervals at ${level}. McNemar's exact test on the events only one run found: p = ${c.mcnemar_p.toPrecision(3)}.`}
    >
      <DataTable columns={["Figure", "Run A", "Run B", "B − A", "Interval of B − A"]}>
        {rows.map(([name, a, bValue, diff, ci]) => (
          <tr key={name}>
            <th scope="row" className="py-2 pr-3 text-left font-medium">
              {name}
            </th>
            <td className="py-2 pr-3 tabular-nums">{a}</td>
            <td className="py-2 pr-3 tabular-nums">{bValue}</td>
            <td className="py-2 pr-3 tabular-nums font-medium">{diff}</td>
            <td className="py-2 pr-3 text-slate-600">{ci}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

function PairedTable({ c }: { c: Comparison }) {
  const p = c.paired;
  const cell = "py-2 pr-3 tabular-nums";
  return (
    <Card title="Outcome of each event" description="Every ground-truth event, by whether each run found it.">
      <DataTable columns={["", "B found it", "B missed it"]}>
        <tr>
          <th scope="row" className="py-2 pr-3 text-left font-medium">
            A found it
          </th>
          <td className={cell} data-paired="both">
            {p.both} both
          </td>
          <td className={`${cell} font-semibold text-red-700`} data-paired="a_only">
            {p.a_only} lost by B
          </td>
        </tr>
        <tr>
          <th scope="row" className="py-2 pr-3 text-left font-medium">
            A missed it
          </th>
          <td className={`${cell} font-semibold text-emerald-700`} data-paired="b_only">
            {p.b_only} gained by B
          </td>
          <td className={cell} data-paired="neither">
            {p.neither} neither
          </td>
        </tr>
      </DataTable>
      <Coverage c={c} />
    </Card>
  );
}

function Coverage({ c }: { c: Comparison }) {
  const v = c.coverage;
  const notes = [
    v.videos_only_a ? `${plural(v.videos_only_a, "video")} played only in A` : null,
    v.videos_only_b ? `${plural(v.videos_only_b, "video")} played only in B` : null,
    v.events_judged_by_one_run
      ? `${plural(v.events_judged_by_one_run, "event")} judged by one run only (the ground truth changed between the runs)`
      : null,
  ].filter(Boolean);
  return (
    <p className="mt-3 text-sm text-slate-600">
      Based on {plural(v.shared_videos, "video")} both runs played
      {notes.length ? `; left out: ${notes.join(", ")}` : ""}.
    </p>
  );
}

function PerVideo({ c }: { c: Comparison }) {
  return (
    <Card
      title="Per video"
      description="Each video both runs played: recall and p95 latency of each, and what changed."
    >
      <DataTable
        columns={["Video", "Events", "Recall A", "Recall B", "B − A", "p95 A", "p95 B", "FP A", "FP B", "Changed"]}
      >
        {c.per_video.map((v) => (
          <tr key={v.video_id}>
            <td className="py-2 pr-3 font-mono text-xs break-all">{v.file_name}</td>
            <td className="py-2 pr-3 tabular-nums">{v.events}</td>
            <td className="py-2 pr-3 tabular-nums">{percent(v.recall_a)}</td>
            <td className="py-2 pr-3 tabular-nums">{percent(v.recall_b)}</td>
            <td
              className={`py-2 pr-3 tabular-nums ${v.recall_diff !== null && v.recall_diff < 0 ? "font-semibold text-red-700" : ""}`}
            >
              {signedPercent(v.recall_diff)}
            </td>
            <td className="py-2 pr-3 tabular-nums">{millis(v.p95_a)}</td>
            <td className="py-2 pr-3 tabular-nums">{millis(v.p95_b)}</td>
            <td className="py-2 pr-3 tabular-nums">{v.false_positives_a}</td>
            <td className="py-2 pr-3 tabular-nums">{v.false_positives_b}</td>
            <td className="py-2 pr-3 tabular-nums">{v.changed}</td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

function ChangedList({ c, focus, onFocus }: { c: Comparison; focus: string | null; onFocus: (key: string) => void }) {
  if (c.changed_total === 0 && c.false_alarms_total === 0) {
    return (
      <Card title="Changed outcomes">
        <p className="text-sm text-slate-600">No event changed outcome and no false alarm came or went.</p>
      </Card>
    );
  }
  const sessionsOf = new Map(c.per_video.map((v) => [v.video_id, v]));
  return (
    <Card
      title="Changed outcomes"
      description="Events one run found and the other missed, and false alarms only one run raised. Show opens both timelines at that moment."
    >
      <DataTable columns={["Video", "At", "What changed", { label: "Open", hidden: true }]}>
        {c.changed.map((x) => {
          const key = `event:${x.reference}`;
          return (
            <tr
              key={key}
              aria-label={`Event ${x.file_name} ${seconds(x.onset_ms)}`}
              aria-current={focus === key || undefined}
            >
              <td className="py-2 pr-3 font-mono text-xs break-all">{x.file_name}</td>
              <td className="py-2 pr-3 tabular-nums whitespace-nowrap">
                {seconds(x.onset_ms)}
                {x.frame !== null ? <span className="text-slate-500"> · frame {x.frame}</span> : null}
              </td>
              <td className={`py-2 pr-3 ${x.in === "a" ? "text-red-700" : "text-emerald-700"}`}>
                {x.class ?? "event"} {x.in === "a" ? "found by A, missed by B" : "missed by A, found by B"}
                {x.onset_ms === null ? " (since removed from the ground truth)" : ""}
              </td>
              <td className="py-2 pr-3">
                {x.onset_ms !== null ? (
                  <button
                    type="button"
                    className="text-sm font-medium text-link hover:underline"
                    onClick={() => onFocus(key)}
                  >
                    Show
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
        {c.false_alarms.map((x) => {
          const key = `fp:${x.video_id}:${x.onset_ms}:${x.in}`;
          return sessionsOf.has(x.video_id) ? (
            <tr key={key} aria-current={focus === key || undefined}>
              <td className="py-2 pr-3 font-mono text-xs break-all">{x.file_name}</td>
              <td className="py-2 pr-3 tabular-nums whitespace-nowrap">
                {seconds(x.onset_ms)}
                {x.frame !== null ? <span className="text-slate-500"> · frame {x.frame}</span> : null}
              </td>
              <td className={`py-2 pr-3 ${x.in === "b" ? "text-red-700" : "text-emerald-700"}`}>
                {x.in === "b" ? "new false alarm in B" : "false alarm of A gone in B"}
              </td>
              <td className="py-2 pr-3">
                <button
                  type="button"
                  className="text-sm font-medium text-link hover:underline"
                  onClick={() => onFocus(key)}
                >
                  Show
                </button>
              </td>
            </tr>
          ) : null;
        })}
      </DataTable>
      {c.changed_total > c.changed.length || c.false_alarms_total > c.false_alarms.length ? (
        <p className="mt-2 text-sm text-slate-500">
          Listed: the first {c.changed.length} of {c.changed_total} changed events and {c.false_alarms.length} of{" "}
          {c.false_alarms_total} false alarms.
        </p>
      ) : null}
    </Card>
  );
}

/** The moment a list entry names, with both runs' sessions of its video. */
function focusOf(c: Comparison, key: string | null): Focus | null {
  if (!key) return null;
  if (key.startsWith("event:")) {
    const x = c.changed.find((e) => `event:${e.reference}` === key);
    if (!x || x.onset_ms === null) return null;
    const frameMs = x.frame !== null && x.fps ? (x.frame * 1000) / x.fps : x.onset_ms;
    return {
      videoId: x.video_id,
      sessionA: x.session_a,
      sessionB: x.session_b,
      atMs: frameMs,
      label: x.frame !== null ? `frame ${x.frame}` : seconds(x.onset_ms),
    };
  }
  const x = c.false_alarms.find((f) => `fp:${f.video_id}:${f.onset_ms}:${f.in}` === key);
  const v = x ? c.per_video.find((p) => p.video_id === x.video_id) : undefined;
  if (!x || !v) return null;
  return {
    videoId: x.video_id,
    sessionA: v.session_a,
    sessionB: v.session_b,
    atMs: x.onset_ms,
    label: x.frame !== null ? `frame ${x.frame}` : seconds(x.onset_ms),
  };
}

export function ComparePage({ a, b }: { a: string; b: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const seedText = params.get("seed");
  const seed = seedText !== null && /^\d+$/.test(seedText) ? Number(seedText) : undefined;
  const comparison = useQuery(trpc.comparisons.compare.queryOptions({ a, b, seed }));
  const focusKey = params.get("focus");
  const setFocus = (key: string) => {
    const next = new URLSearchParams(params);
    next.set("focus", key);
    router.replace(`${pathname}?${next}`, { scroll: false });
  };

  if (comparison.isPending) return <p className="text-sm text-slate-500">Comparing the runs event by event…</p>;
  if (comparison.isError) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight">Compare runs</h1>
        <Alert>{comparison.error.message}</Alert>
      </div>
    );
  }
  const c = comparison.data;
  const focus = focusOf(c, focusKey);
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/projects/${c.project_id}`} className="text-sm text-link hover:underline">
          ← {c.project_name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Compare runs</h1>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <RunHead side="A" head={c.a} />
          <RunHead side="B" head={c.b} />
        </div>
        <p className="mt-2 text-sm">
          <Link
            href={`/workflows/compare?a=${c.b.workflow_id}&b=${c.a.workflow_id}`}
            className="text-link hover:underline"
          >
            Swap A and B
          </Link>
        </p>
      </div>
      <GateBanner gate={c.gate} baseline={c.a} />
      {c.a.dry_run || c.b.dry_run ? (
        <Alert tone="info">A dry run is part of this comparison: its figures say nothing about a camera.</Alert>
      ) : null}
      <Summary c={c} />
      <PairedTable c={c} />
      <ChangedList c={c} focus={focusKey} onFocus={setFocus} />
      {focus ? <EventTimelines key={focusKey} a={c.a.workflow_id} b={c.b.workflow_id} focus={focus} /> : null}
      <PerVideo c={c} />
    </div>
  );
}
