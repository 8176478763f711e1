"use client";
/**
 * Which videos the project plays: the assigned ones and the candidates, each scored against the
 * project (camera view, coverage of the classes and scenarios it needs, ground truth) with the
 * reason; engineers add and remove them before a run.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useCanEdit } from "@/components/shell/current-user";
import { type RouterOutputs, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField } from "@/components/ui/field";
import { Pager } from "@/components/ui/pager";
import { GroundTruthStatusBadge } from "@/components/video/ground-truth-status";

const PAGE = 20;
type Row = RouterOutputs["assignments"]["ofProject"]["assigned"][number];

function Score({ row }: { row: Row }) {
  return (
    <div className="flex items-center gap-2">
      <div className="h-1.5 w-14 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
        <div
          className={row.eligible ? "h-full bg-emerald-600" : "h-full bg-amber-600"}
          style={{ width: `${row.score * 100}%` }}
        />
      </div>
      <span className="font-medium tabular-nums">{row.score.toFixed(2)}</span>
    </div>
  );
}

function VideoRows({ rows, action }: { rows: Row[]; action: ((row: Row) => React.ReactNode) | null }) {
  return (
    <DataTable columns={["Video", "Score", "Why", "Ground truth", action ? { label: "", className: "w-24" } : null]}>
      {rows.map((row) => (
        <tr key={row.id}>
          <td className="py-2 pr-3">
            <Link href={`/videos/${row.id}`} className="font-mono text-xs text-link hover:underline">
              {row.fileName}
            </Link>
          </td>
          <td className="py-2 pr-3">
            <Score row={row} />
          </td>
          <td className="py-2 pr-3 text-xs text-slate-600">
            {row.eligible ? null : <Badge tone="bad">not usable</Badge>} {row.reason}
          </td>
          <td className="py-2 pr-3">
            <GroundTruthStatusBadge status={row.groundTruthStatus} />
          </td>
          {action ? <td className="py-2 text-right">{action(row)}</td> : null}
        </tr>
      ))}
    </DataTable>
  );
}

export function AssignmentPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [failure, setFailure] = useState<string | null>(null);
  const project = useQuery(trpc.projects.byId.queryOptions({ id: projectId }));
  const list = useQuery({
    ...trpc.assignments.ofProject.queryOptions({ projectId, search: search || undefined, page, pageSize: PAGE }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.assignments.ofProject.queryKey() });
  const options = { onSuccess: refresh, onError: (e: { message: string }) => setFailure(e.message) };
  const add = useMutation(trpc.assignments.add.mutationOptions(options));
  const remove = useMutation(trpc.assignments.remove.mutationOptions(options));
  const automatic = useMutation(trpc.assignments.automatic.mutationOptions(options));
  const editable = canEdit && project.data?.status === "active";

  if (list.isError) return <Alert>{list.error.message}</Alert>;
  const data = list.data;
  const needs = data?.requirements;
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/projects/${projectId}`} className="text-sm text-link hover:underline">
          ← {project.data?.name ?? "Project"}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Assign videos</h1>
        {needs ? (
          <p className="mt-1 text-sm text-slate-600">
            Needs the <strong>{needs.cameraView}</strong> view
            {needs.requiredVruClasses.length ? `, covering ${needs.requiredVruClasses.join(", ")}` : ""}
            {needs.requiredScenarios.length ? ` in scenarios ${needs.requiredScenarios.join(", ")}` : ""};{" "}
            {needs.allowDraftGroundTruth ? "draft ground truth allowed" : "reviewed ground truth only"}.{" "}
            <Link href={`/projects/${projectId}#videos`} className="text-link underline">
              Change
            </Link>
          </p>
        ) : null}
      </div>
      {data?.testCases.length ? <CaseCoverage cases={data.testCases} /> : null}
      <Alert tone="info">
        A run plays the videos assigned when it reaches its video-assignment step; with none assigned it picks the
        usable videos scoring 0.5 or more itself.
      </Alert>
      {failure ? <Alert>{failure}</Alert> : null}
      <Card
        title={`Assigned (${data?.assigned.length ?? 0})`}
        description="Score 0–1: camera view 0.4, class coverage 0.25, scenario 0.15, ground truth 0.2."
      >
        {data?.assigned.length ? (
          <VideoRows
            rows={data.assigned}
            action={
              editable
                ? (row) => (
                    <Button
                      variant="ghost"
                      aria-label={`Remove ${row.fileName}`}
                      onClick={() => {
                        setFailure(null);
                        remove.mutate({ projectId, videoIds: [row.id] });
                      }}
                    >
                      Remove
                    </Button>
                  )
                : null
            }
          />
        ) : (
          <p className="text-sm text-slate-500">No video assigned yet.</p>
        )}
      </Card>
      <Card
        title="Candidates"
        description="Best first. Videos that are not usable can be added; the run refuses them until fixed."
        actions={
          editable ? (
            <Button
              variant="secondary"
              pending={automatic.isPending}
              onClick={() => {
                setFailure(null);
                automatic.mutate({ projectId, minScore: 0.5 });
              }}
            >
              Add all usable (score ≥ 0.5)
            </Button>
          ) : null
        }
      >
        <div className="mb-4 max-w-sm">
          <InputField
            label="Search by name"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </div>
        {data?.candidates.length ? (
          <VideoRows
            rows={data.candidates}
            action={
              editable
                ? (row) => (
                    <Button
                      variant="secondary"
                      aria-label={`Add ${row.fileName}`}
                      onClick={() => {
                        setFailure(null);
                        add.mutate({ projectId, videoIds: [row.id] });
                      }}
                    >
                      Add
                    </Button>
                  )
                : null
            }
          />
        ) : (
          <p className="text-sm text-slate-500">{data ? "No other video in the library." : "Loading…"}</p>
        )}
        <Pager page={page} pageSize={PAGE} total={data?.candidateTotal ?? 0} onPage={setPage} label="Candidate pages" />
      </Card>
    </div>
  );
}

/** The requirement set's cases against the assigned videos: a case no assigned video shows keeps a run from passing. */
function CaseCoverage({ cases }: { cases: { id: string; title: string; videos: string[] }[] }) {
  const missing = cases.filter((c) => c.videos.length === 0).length;
  return (
    <Card
      title="Test cases"
      description={
        missing
          ? `${missing} of ${cases.length} required cases shown by no assigned video: a run cannot pass until each is.`
          : `Every one of the ${cases.length} required cases is shown by an assigned video.`
      }
    >
      <ul className="grid gap-1 text-sm sm:grid-cols-2">
        {cases.map((c) => (
          <li key={c.id} className="flex items-start gap-2">
            <Badge tone={c.videos.length ? "good" : "warn"}>{c.videos.length ? "covered" : "not covered"}</Badge>
            <span>
              <span className="font-mono text-xs">{c.id}</span> {c.title}
              {c.videos.length ? <span className="block text-xs text-slate-500">{c.videos.join(", ")}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
