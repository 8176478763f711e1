"use client";
/**
 * Every validation run of every project, newest first, with filters kept in the address (so a
 * filtered list can be linked to, as the dashboard's cards do): project, verdict, firmware,
 * creation date, active only, dry runs.
 */
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import type { ListWorkflowsInput } from "@/lib/validation/workflow";
import { WorkflowList } from "./workflow-list";

const verdicts = [
  { value: "", label: "Any" },
  { value: "pass", label: "Pass" },
  { value: "fail", label: "Fail" },
  { value: "incomplete", label: "Incomplete" },
  { value: "inconclusive", label: "Inconclusive" },
  { value: "n/a", label: "N/A" },
  { value: "none", label: "Not judged yet" },
];
const PAGE = 50;
const isDay = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const isUuid = (v: string | null) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);

export function RunsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const projects = useQuery(trpc.projects.list.queryOptions({ includeArchived: true }));

  const get = (key: string) => params.get(key) ?? "";
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
  };
  const verdict = verdicts.some((v) => v.value === get("verdict")) ? get("verdict") : "";
  const dry = get("dry");
  const filter: Omit<ListWorkflowsInput & object, "page" | "pageSize"> = {
    projectId: isUuid(params.get("project")),
    verdict: (verdict || undefined) as "pass" | undefined,
    firmware: get("firmware").slice(0, 80) || undefined,
    from: isDay(params.get("from")),
    to: isDay(params.get("to")),
    activeOnly: get("active") === "1",
    dryRun: dry === "only" ? true : dry === "exclude" ? false : undefined,
  };
  const page = Math.max(1, Number.parseInt(get("page"), 10) || 1);
  const filtered = Object.values(filter).some((v) => v !== undefined && v !== false);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Runs</h1>
      <Card
        title="Validation runs"
        description="Every run of every project, newest first; updated live. Dry runs are simulated and say nothing about a camera."
      >
        <form
          aria-label="Filter runs"
          className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-6"
          onSubmit={(e) => e.preventDefault()}
        >
          <SelectField
            label="Project"
            value={filter.projectId ?? ""}
            onChange={(e) => set("project", e.target.value)}
            options={[
              { value: "", label: "All projects" },
              ...(projects.data ?? []).map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <SelectField
            label="Verdict"
            value={verdict}
            onChange={(e) => set("verdict", e.target.value)}
            options={verdicts}
          />
          <InputField
            label="Firmware"
            placeholder="e.g. 4.2"
            value={get("firmware")}
            maxLength={80}
            onChange={(e) => set("firmware", e.target.value)}
          />
          <InputField
            label="From"
            type="date"
            value={filter.from ?? ""}
            onChange={(e) => set("from", e.target.value)}
          />
          <InputField label="To" type="date" value={filter.to ?? ""} onChange={(e) => set("to", e.target.value)} />
          <SelectField
            label="Dry runs"
            value={dry === "only" || dry === "exclude" ? dry : ""}
            onChange={(e) => set("dry", e.target.value)}
            options={[
              { value: "", label: "Included" },
              { value: "exclude", label: "Left out" },
              { value: "only", label: "Only dry runs" },
            ]}
          />
          <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
            <input
              type="checkbox"
              checked={filter.activeOnly}
              onChange={(e) => set("active", e.target.checked ? "1" : "")}
              className="h-4 w-4 rounded border-slate-300"
            />
            Active runs only (running, paused or waiting)
          </label>
        </form>
        <WorkflowList
          filter={filter}
          page={page}
          pageSize={PAGE}
          onPage={(p) => set("page", String(p))}
          emptyText={filtered ? "No run matches these filters." : undefined}
          comparable
        />
      </Card>
    </div>
  );
}
