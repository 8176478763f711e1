"use client";
/** The video library: upload, filter by name and tags, page through thousands. */
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField, SelectField } from "@/components/ui/field";
import { Pager } from "@/components/ui/pager";
import { cameraViews } from "@/db/validation/project";
import { vruClassNames } from "@/db/validation/video";
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
  const [page, setPage] = useState(1);
  const input = {
    search: search || undefined,
    cameraView: (cameraView || undefined) as (typeof cameraViews)[number] | undefined,
    vruClass: (vruClass || undefined) as (typeof vruClassNames)[number] | undefined,
    page,
    pageSize: PAGE,
  };
  const list = useQuery({ ...trpc.videos.list.queryOptions(input), placeholderData: keepPreviousData });

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
      <Card title="Library" description={list.data ? `${list.data.total} videos` : undefined}>
        <div className="mb-4 grid gap-3 sm:grid-cols-3">
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
        </div>
        {list.isError ? <Alert>{list.error.message}</Alert> : null}
        <DataTable columns={["Video", "Duration", "Frame rate", "Resolution", "Ground truth", "Tags"]}>
          {(list.data?.videos ?? []).map((v) => (
            <tr key={v.id}>
              <td className="py-2">
                <Link href={`/videos/${v.id}`} className="font-mono text-xs text-link hover:underline">
                  {v.fileName}
                </Link>
              </td>
              <td className="py-2 tabular-nums">
                {v.durationMs === null ? "—" : `${(v.durationMs / 1000).toFixed(1)} s`}
              </td>
              <td className="py-2 tabular-nums">{v.fps ? `${Number(v.fps.toFixed(3))} fps` : "—"}</td>
              <td className="py-2 tabular-nums">{v.width ? `${v.width}×${v.height}` : "—"}</td>
              <td className="py-2">
                <GroundTruthStatusBadge status={v.groundTruthStatus} />
                {v.groundTruthEvents ? (
                  <span className="ml-2 text-xs text-slate-500 tabular-nums">{v.groundTruthEvents} events</span>
                ) : null}
              </td>
              <td className="py-2 text-xs text-slate-500">
                {[v.tags.cameraView, v.tags.scenario, v.tags.lighting, v.tags.weather, ...(v.tags.vruClasses ?? [])]
                  .filter(Boolean)
                  .join(" · ") || "—"}
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager page={page} pageSize={PAGE} total={list.data?.total ?? 0} onPage={setPage} label="Library pages" />
      </Card>
    </div>
  );
}
