"use client";
/** The video library: upload, filter by name and tags, tag many at once, page through thousands. */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField, SelectField } from "@/components/ui/field";
import { Pager } from "@/components/ui/pager";
import { plural } from "@/components/ui/plural";
import { catalogCases } from "@/lib/test-cases/catalog";
import { cameraViews } from "@/lib/validation/project";
import { vruClassNames } from "@/lib/validation/video";
import { BulkTagForm } from "./bulk-tag-form";
import { GroundTruthStatusBadge } from "./ground-truth-status";
import { UploadVideo } from "./upload-video";

const PAGE = 25;

export function VideoLibrary() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const [search, setSearch] = useState("");
  const [cameraView, setCameraView] = useState("");
  const [vruClass, setVruClass] = useState("");
  const [timeBase, setTimeBase] = useState("");
  const [testCase, setTestCase] = useState("");
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [tagged, setTagged] = useState<string | null>(null);
  const input = {
    search: search || undefined,
    cameraView: (cameraView || undefined) as (typeof cameraViews)[number] | undefined,
    vruClass: (vruClass || undefined) as (typeof vruClassNames)[number] | undefined,
    timeBase: (timeBase || undefined) as "issues" | "unread" | undefined,
    testCase: testCase || undefined,
    page,
    pageSize: PAGE,
  };
  const list = useQuery({ ...trpc.videos.list.queryOptions(input), placeholderData: keepPreviousData });
  const onPage = list.data?.videos ?? [];
  const allSelected = onPage.length > 0 && onPage.every((v) => selected.has(v.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((old) => {
      const next = new Set(old);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const filtered = Boolean(search || cameraView || vruClass || timeBase || testCase);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Videos</h1>
      {canEdit ? (
        <Card title="Add a video">
          <UploadVideo
            onUploaded={() => void queryClient.invalidateQueries({ queryKey: trpc.videos.list.queryKey() })}
          />
        </Card>
      ) : null}
      <Card title="Library" description={list.data ? plural(list.data.total, "video") : undefined}>
        <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <InputField
            label="Search by name"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
          <SelectField
            label="Camera view"
            value={cameraView}
            onChange={(e) => {
              setCameraView(e.target.value);
              setPage(1);
            }}
            options={[{ value: "", label: "Any" }, ...cameraViews.map((v) => ({ value: v, label: v }))]}
          />
          <SelectField
            label="VRU class present"
            value={vruClass}
            onChange={(e) => {
              setVruClass(e.target.value);
              setPage(1);
            }}
            options={[{ value: "", label: "Any" }, ...vruClassNames.map((v) => ({ value: v, label: v }))]}
          />
          <SelectField
            label="Time base"
            value={timeBase}
            onChange={(e) => {
              setTimeBase(e.target.value);
              setPage(1);
            }}
            options={[
              { value: "", label: "Any" },
              { value: "issues", label: "With issues (VFR, late start, frame count)" },
              { value: "unread", label: "Not read" },
            ]}
          />
          <SelectField
            label="Test case"
            value={testCase}
            onChange={(e) => {
              setTestCase(e.target.value);
              setPage(1);
            }}
            options={[
              { value: "", label: "Any" },
              { value: "any", label: "Tagged with a case" },
              { value: "none", label: "No case" },
              ...catalogCases().map((c) => ({ value: c.id, label: `${c.id} — ${c.title}` })),
            ]}
          />
        </div>
        {list.isError ? <Alert>{list.error.message}</Alert> : null}
        {canEdit && selected.size > 0 ? (
          <BulkTagForm
            ids={[...selected]}
            onDone={(message) => {
              setTagged(message);
              setSelected(new Set());
              void queryClient.invalidateQueries({ queryKey: trpc.videos.list.queryKey() });
            }}
            onClear={() => setSelected(new Set())}
          />
        ) : null}
        {tagged && selected.size === 0 ? (
          <p role="status" className="mb-3 text-sm text-emerald-700">
            {tagged}
          </p>
        ) : null}
        {list.data && list.data.total === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
            <p className="font-medium text-slate-700">
              {filtered ? "No video matches these filters" : "No videos yet"}
            </p>
            <p className="mt-1 text-sm text-slate-500">
              {filtered
                ? "Clear a filter to see more."
                : canEdit
                  ? "Upload a test video above, then import or annotate its ground truth and tag it."
                  : "An engineer has not uploaded any yet."}
            </p>
          </div>
        ) : (
          <DataTable
            columns={[
              canEdit ? { label: "Select", className: "w-10", hidden: true } : null,
              "Video",
              "Duration",
              "Frame rate",
              "Resolution",
              "Ground truth",
              "Tags",
            ]}
          >
            {canEdit && onPage.length > 1 ? (
              <tr>
                <td className="py-1">
                  <input
                    type="checkbox"
                    aria-label="Select every video on this page"
                    className="size-4 rounded border-slate-300"
                    checked={allSelected}
                    onChange={(e) => {
                      for (const v of onPage) toggle(v.id, e.target.checked);
                    }}
                  />
                </td>
                <td colSpan={6} className="py-1 text-xs text-slate-500">
                  Every video on this page
                </td>
              </tr>
            ) : null}
            {onPage.map((v) => (
              <tr key={v.id}>
                {canEdit ? (
                  <td className="py-2">
                    <input
                      type="checkbox"
                      aria-label={`Select ${v.fileName}`}
                      className="size-4 rounded border-slate-300"
                      checked={selected.has(v.id)}
                      onChange={(e) => toggle(v.id, e.target.checked)}
                    />
                  </td>
                ) : null}
                <td className="py-2">
                  <Link href={`/videos/${v.id}`} className="font-mono text-xs text-link hover:underline">
                    {v.fileName}
                  </Link>
                </td>
                <td className="py-2 tabular-nums">
                  {v.durationMs === null ? "—" : `${(v.durationMs / 1000).toFixed(1)} s`}
                </td>
                <td className="py-2 tabular-nums">
                  {v.fps ? `${Number(v.fps.toFixed(3))} fps` : "—"}
                  {v.timeBaseIssues?.length ? (
                    <span className="ml-2" title={v.timeBaseIssues.join("\n")}>
                      <Badge tone="warn">{v.variableFrameRate ? "VFR" : "time base"}</Badge>
                    </span>
                  ) : null}
                </td>
                <td className="py-2 tabular-nums">{v.width ? `${v.width}×${v.height}` : "—"}</td>
                <td className="py-2">
                  <GroundTruthStatusBadge status={v.groundTruthStatus} />
                  {v.groundTruthEvents ? (
                    <span className="ml-2 text-xs text-slate-500 tabular-nums">
                      {plural(v.groundTruthEvents, "event")}
                    </span>
                  ) : null}
                </td>
                <td className="py-2 text-xs text-slate-500">
                  {[
                    typeof v.tags.testCase === "string" ? v.tags.testCase : null,
                    v.tags.cameraView,
                    v.tags.scenario,
                    v.tags.lighting,
                    v.tags.weather,
                    ...(v.tags.vruClasses ?? []),
                  ]
                    .filter(Boolean)
                    .join(" · ") || "not tagged"}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pager page={page} pageSize={PAGE} total={list.data?.total ?? 0} onPage={setPage} label="Library pages" />
      </Card>
    </div>
  );
}
