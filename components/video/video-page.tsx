"use client";
/** One video: playback (seekable), its metadata and tags, and its ground truth with import. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { HistoryCard } from "@/components/history/history-card";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { GroundTruthImport } from "./ground-truth-import";
import { GroundTruthReview } from "./ground-truth-status";
import { VideoActions } from "./video-actions";
import { VideoTagsCard } from "./video-tags-card";

const s = (us: number) => `${(us / 1e6).toFixed(3)} s`;

/** What the file's frame timestamps say of its time base (DESIGN §12), and a way to read them. */
function TimeBaseNote({ video }: { video: { id: string; timeBaseIssues: string[] | null } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const read = useMutation(
    trpc.videos.readTimeBase.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.videos.byId.queryKey({ id: video.id }) }),
    }),
  );
  const issues = video.timeBaseIssues;
  return (
    <section className="mt-4 border-t border-slate-100 pt-3 text-sm" aria-label="Time base">
      {issues === null ? (
        <p className="text-slate-500">
          Frame timestamps not read: ground truth by frame uses the frame rate.{" "}
          {canEdit ? (
            <Button variant="ghost" pending={read.isPending} onClick={() => read.mutate({ id: video.id })}>
              Read them
            </Button>
          ) : null}
        </p>
      ) : issues.length === 0 ? (
        <p className="text-slate-600">
          Time base checked: constant frame rate, starts at 0, frames agree with duration × fps.
        </p>
      ) : (
        <ul className="list-disc space-y-1 pl-5 text-amber-800">
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
      {read.error ? <Alert>{read.error.message}</Alert> : null}
    </section>
  );
}

export function VideoPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const video = useQuery(trpc.videos.byId.queryOptions({ id }));
  const truth = useQuery(trpc.groundTruth.ofVideo.queryOptions({ videoId: id }));
  if (video.isPending) return <p className="text-sm text-slate-500">Loading the video…</p>;
  if (video.isError) return <Alert>{video.error.message}</Alert>;
  const v = video.data;
  const facts: [string, string][] = [
    ["Duration", v.durationMs === null ? "—" : `${(v.durationMs / 1000).toFixed(3)} s`],
    ["Frame rate", v.fps ? `${Number(v.fps.toFixed(3))} fps${v.variableFrameRate ? " (variable)" : ""}` : "—"],
    ["Frames", v.frameCount === null ? "not read" : String(v.frameCount)],
    ["First frame at", v.startTimeUs === null ? "—" : s(v.startTimeUs)],
    ["Resolution", v.width ? `${v.width}×${v.height}` : "—"],
    ["Codec", String(v.tags.codec ?? "—")],
    ["Size", `${(v.sizeBytes / 1024 / 1024).toFixed(2)} MB`],
    ["sha256", v.sha256],
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <Link href="/videos" className="text-sm text-link hover:underline">
            ← Videos
          </Link>
          <h1 className="mt-1 font-mono text-xl font-semibold break-all">{v.fileName}</h1>
        </div>
        {canEdit ? <VideoActions video={v} /> : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Playback" className="lg:col-span-2">
          {/* biome-ignore lint/a11y/useMediaCaption: test videos have no speech to caption */}
          <video
            controls
            preload="metadata"
            src={`/api/videos/${v.id}/file`}
            aria-label={`Playback of ${v.fileName}`}
            className="w-full rounded bg-black"
          />
        </Card>
        <Card title="Metadata">
          <dl className="space-y-1 text-sm" aria-label="Video metadata">
            {facts.map(([k, value]) => (
              <div key={k} className="flex min-w-0 justify-between gap-3">
                <dt className="shrink-0 text-slate-500">{k}</dt>
                <dd className="min-w-0 truncate font-medium tabular-nums" title={value}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <TimeBaseNote video={v} />
        </Card>
      </div>
      <VideoTagsCard video={v} canEdit={canEdit} />
      <Card
        title="Ground truth"
        description={<GroundTruthReview video={v} />}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <Link
              href={`/videos/${v.id}/annotate`}
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
            >
              {canEdit ? "Annotate" : "View on the timeline"}
            </Link>
            {truth.data?.length ? (
              <nav aria-label="Export ground truth" className="flex gap-3 text-sm">
                {(["csv", "json", "cvat", "mot"] as const).map((format) => (
                  <a
                    key={format}
                    href={`/api/videos/${v.id}/ground-truth?format=${format}`}
                    className="text-link hover:underline"
                    download
                  >
                    {format === "cvat" ? "CVAT XML" : format.toUpperCase()}
                  </a>
                ))}
              </nav>
            ) : null}
          </div>
        }
      >
        {truth.data?.length ? (
          <DataTable columns={["Class", "Onset", "Offset", "Track", "Source"]}>
            {truth.data.map((g) => (
              <tr key={g.id}>
                <td className="py-1">{g.class}</td>
                <td className="py-1 tabular-nums">{s(g.onsetUs)}</td>
                <td className="py-1 tabular-nums">{s(g.offsetUs)}</td>
                <td className="py-1 text-xs text-slate-500">{g.trackId ?? "—"}</td>
                <td className="py-1 text-xs text-slate-500">{g.source}</td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="text-sm text-slate-500">No ground truth yet.</p>
        )}
        {canEdit ? (
          <div className="mt-6 border-t border-slate-100 pt-4">
            <GroundTruthImport
              videoId={v.id}
              onImported={() => {
                // The events, and the video itself: its ground-truth status (now a draft) and tags.
                void queryClient.invalidateQueries({ queryKey: trpc.groundTruth.ofVideo.queryKey({ videoId: id }) });
                void queryClient.invalidateQueries({ queryKey: trpc.videos.byId.queryKey({ id }) });
                void queryClient.invalidateQueries({ queryKey: trpc.videos.list.queryKey() });
              }}
            />
          </div>
        ) : null}
      </Card>
      <HistoryCard subject={{ subjectType: "video", subjectId: id }} />
    </div>
  );
}
