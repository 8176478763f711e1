"use client";
/**
 * The test rigs: who is online, what each plays now (live), and — for admins — adding a rig or
 * giving one a new token, with the exact command that starts its agent.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { HistoryCard } from "@/components/history/history-card";
import { useLiveEvent } from "@/components/live/use-live";
import { useCurrentUser } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField } from "@/components/ui/field";
import { liveRooms } from "@/lib/live-events";
import { createRigSchema } from "@/lib/validation/rig";
import { AgentCommand } from "./agent-command";

const tone = { online: "good", busy: "info", offline: "muted", disabled: "bad" } as const;

/** The current time, moving every `everyMs`, for "seen 3 s ago". */
function useNow(everyMs: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function ago(ms: number) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 5) return "just now";
  if (s < 90) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min ago`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} days ago`;
}

export function RigsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useCurrentUser().role === "admin";
  // Agents report every second without a push to the browser: "last seen" is refreshed here.
  const rigs = useQuery({ ...trpc.rigs.list.queryOptions(), refetchInterval: 5_000 });
  const now = useNow(5_000);
  const create = useMutation(trpc.rigs.create.mutationOptions());
  const rotate = useMutation(trpc.rigs.rotateToken.mutationOptions());
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rigs.list.queryKey() });
  useLiveEvent(liveRooms.rigs, "rig:changed", () => void refresh());
  useLiveEvent(liveRooms.rigs, "session:changed", () => void refresh());

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const parsed = createRigSchema.safeParse({ name });
    if (!parsed.success) return setNameError(parsed.error.issues[0]?.message ?? "Invalid name");
    setNameError(null);
    try {
      const created = await create.mutateAsync(parsed.data);
      setIssued({ name: created.rig.name, token: created.token });
      setName("");
      await refresh();
    } catch (error) {
      const fields = (error as { data?: { fieldErrors?: Record<string, string[]> } }).data?.fieldErrors;
      if (fields?.name) setNameError(fields.name.join("; "));
      else setFailure((error as Error).message);
    }
  };

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Rigs</h1>
        <p className="mt-1 text-sm text-slate-500">
          Hosts that play the videos to a camera and timestamp its detection signal. Sessions of a run go to online
          rigs, one at a time per rig.
        </p>
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      {issued ? (
        <Card title="Start the agent">
          <AgentCommand rigName={issued.name} token={issued.token} />
        </Card>
      ) : null}
      <Card title="Test rigs">
        {rigs.isPending ? (
          <p className="text-sm text-slate-500">Loading…</p>
        ) : rigs.isError ? (
          <Alert>{rigs.error.message}</Alert>
        ) : rigs.data.length === 0 ? (
          <p className="text-sm text-slate-500">No rig yet.{isAdmin ? " Add one below." : " An admin adds rigs."}</p>
        ) : (
          <DataTable columns={["Rig", "Status", "Playing", "Display latency", "Last seen", isAdmin ? "" : null]}>
            {rigs.data.map((rig) => {
              const status = rig.status === "online" && rig.session?.status === "running" ? "busy" : rig.status;
              return (
                <tr key={rig.id} aria-label={`Rig ${rig.name}`}>
                  <td className="py-2 font-medium">
                    <Link href={`/rigs/${rig.id}`} className="text-link hover:underline">
                      {rig.name}
                    </Link>
                    {rig.capabilities.source ? (
                      <span className="ml-2 text-xs text-slate-500">
                        {rig.capabilities.source} · {rig.capabilities.player ?? ""}
                      </span>
                    ) : null}
                  </td>
                  <td className="py-2">
                    <Badge tone={tone[status as keyof typeof tone] ?? "neutral"}>{status}</Badge>
                  </td>
                  <td className="py-2 text-slate-600">
                    {rig.session ? (
                      <Link href={`/workflows/${rig.session.workflowId}`} className="text-link hover:underline">
                        {rig.session.fileName}
                      </Link>
                    ) : (
                      "—"
                    )}
                    {rig.session?.status === "running" ? (
                      <span className="ml-2 tabular-nums text-xs">
                        {(rig.session.positionMs / 1000).toFixed(1)} /{" "}
                        {((rig.session.durationMs ?? 0) / 1000).toFixed(1)} s
                      </span>
                    ) : rig.session ? (
                      <span className="ml-2 text-xs">starting…</span>
                    ) : null}
                  </td>
                  <td className="py-2 tabular-nums text-slate-600">
                    {rig.calibration ? (
                      <span title={`calibrated ${rig.calibration.finishedAt.toLocaleString()}`}>
                        {rig.calibration.result.meanMs.toFixed(1)} ± {rig.calibration.result.sdMs.toFixed(1)} ms
                        <span className="ml-1 text-xs text-slate-500">
                          {ago(now - rig.calibration.finishedAt.getTime())}
                        </span>
                      </span>
                    ) : (
                      <Link href={`/rigs/${rig.id}`} className="text-xs text-slate-500 hover:underline">
                        not calibrated
                      </Link>
                    )}
                  </td>
                  <td className="py-2 text-slate-500">
                    {rig.lastSeenAt ? (
                      <time dateTime={rig.lastSeenAt.toISOString()} title={rig.lastSeenAt.toLocaleString()}>
                        {ago(now - rig.lastSeenAt.getTime())}
                      </time>
                    ) : (
                      "never"
                    )}
                  </td>
                  {isAdmin ? (
                    <td className="py-2 text-right">
                      <Button
                        variant="ghost"
                        pending={rotate.isPending && rotate.variables?.id === rig.id}
                        onClick={async () => {
                          const renewed = await rotate.mutateAsync({ id: rig.id });
                          setIssued({ name: renewed.rig.name, token: renewed.token });
                        }}
                      >
                        New token
                      </Button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
      {isAdmin ? (
        <Card title="Add a rig" description="Its token is shown once, with the command that starts its agent.">
          <form onSubmit={add} noValidate aria-label="Add a rig" className="flex flex-wrap items-end gap-3">
            <InputField
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={nameError ?? undefined}
              className="w-72"
            />
            <Button type="submit" pending={create.isPending}>
              Add rig
            </Button>
          </form>
        </Card>
      ) : null}
      <HistoryCard
        subject={{ subjectType: "rig" }}
        description="Rigs registered and tokens replaced: who, when. Recorded with the change; it cannot be edited."
      />
    </div>
  );
}
