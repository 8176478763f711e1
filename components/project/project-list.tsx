"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useLiveEvent } from "@/components/live/use-live";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { liveRooms } from "@/lib/live-events";
import { cameraViewLabel, signalTypeLabels } from "@/lib/validation/project";

export function ProjectList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const [includeArchived, setIncludeArchived] = useState(false);
  const projects = useQuery(trpc.projects.list.queryOptions({ includeArchived }));

  // Another browser created or changed a project: refetch so the list is current without a reload.
  useLiveEvent(liveRooms.projects, "project:changed", () => {
    void queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="text-sm text-slate-500">One project per camera under test.</p>
        </div>
        <div className="flex items-center gap-4">
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300"
              checked={includeArchived}
              onChange={(event) => setIncludeArchived(event.target.checked)}
            />
            Show archived
          </label>
          {canEdit ? (
            <Link
              href="/projects/new"
              className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
            >
              New project
            </Link>
          ) : null}
        </div>
      </div>

      {projects.isError ? <Alert>{projects.error.message}</Alert> : null}
      {projects.isPending ? <p className="text-sm text-slate-500">Loading projects…</p> : null}
      {projects.data && projects.data.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-surface px-6 py-12 text-center">
          <p className="font-medium text-slate-700">No projects yet</p>
          <p className="mt-1 text-sm text-slate-500">
            {canEdit ? "Create one for the camera you are validating." : "An engineer has not created any yet."}
          </p>
        </div>
      ) : null}
      {projects.data && projects.data.length > 0 ? (
        <div className="overflow-hidden rounded-lg bg-surface shadow-sm ring-1 ring-slate-200">
          <DataTable spacious columns={["Name", "Camera view", "Signal", "End-to-end limit", "Status", "Updated"]}>
            {projects.data.map((project) => (
              <tr key={project.id} className="hover:bg-slate-50">
                <td className="px-4 py-3 font-medium">
                  <Link href={`/projects/${project.id}`} className="text-link hover:underline">
                    {project.name}
                  </Link>
                  {project.cameraModel ? <span className="ml-2 text-slate-500">{project.cameraModel}</span> : null}
                </td>
                <td className="px-4 py-3 text-slate-600">{cameraViewLabel(project.cameraView)}</td>
                <td className="px-4 py-3 text-slate-600">{signalTypeLabels[project.signalType]}</td>
                <td className="px-4 py-3 tabular-nums text-slate-600">{project.endToEndLatencyMs} ms</td>
                <td className="px-4 py-3">
                  <Badge tone={project.status === "active" ? "good" : "muted"}>{project.status}</Badge>
                </td>
                <td className="px-4 py-3 text-slate-500">{project.updatedAt.toLocaleString()}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      ) : null}
    </div>
  );
}
