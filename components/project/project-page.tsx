"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { HistoryCard } from "@/components/history/history-card";
import { useLiveEvent } from "@/components/live/use-live";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { StartRunForm } from "@/components/workflow/start-run-form";
import { WorkflowList } from "@/components/workflow/workflow-list";
import { liveRooms } from "@/lib/live-events";
import { type VideoRequirements, videoRequirementsSchema } from "@/lib/validation/assignment";
import {
  cameraViewLabel,
  judgingSchema,
  latencyThresholdsSchema,
  passFailCriteriaSchema,
  projectDetailsSchema,
  regressionGateSchema,
  signalTypeLabels,
  timingRulesSchema,
} from "@/lib/validation/project";
import { EvidencePlan } from "./evidence-plan";
import { FirmwareTrend } from "./firmware-trend";
import {
  CriteriaFields,
  DetailsFields,
  JudgingFields,
  RegressionGateFields,
  ThresholdFields,
  TimingRulesFields,
} from "./project-fields";
import { RequirementFields } from "./requirement-fields";
import { SectionForm } from "./section-form";

export function ProjectPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCanEdit();
  const project = useQuery(trpc.projects.byId.queryOptions({ id }));
  const [failure, setFailure] = useState<string | null>(null);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.projects.byId.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.projects.evidencePlan.queryKey({ id }) }),
    ]);
  // Someone else's change shows at once; forms with unsaved edits keep them (see SectionForm).
  useLiveEvent(liveRooms.project(id), "project:changed", () => void refresh());

  const update = useMutation(trpc.projects.update.mutationOptions({ onSuccess: refresh }));
  const thresholds = useMutation(trpc.projects.setLatencyThresholds.mutationOptions({ onSuccess: refresh }));
  const criteria = useMutation(trpc.projects.setPassFailCriteria.mutationOptions({ onSuccess: refresh }));
  const judging = useMutation(trpc.projects.setJudging.mutationOptions({ onSuccess: refresh }));
  const gate = useMutation(trpc.projects.setRegressionGate.mutationOptions({ onSuccess: refresh }));
  const timing = useMutation(trpc.projects.setTimingRules.mutationOptions({ onSuccess: refresh }));
  const requirements = useMutation(trpc.projects.setVideoRequirements.mutationOptions({ onSuccess: refresh }));
  const archive = useMutation(trpc.projects.archive.mutationOptions({ onSuccess: refresh }));
  const restore = useMutation(trpc.projects.restore.mutationOptions({ onSuccess: refresh }));

  if (project.isPending) return <p className="text-sm text-slate-500">Loading project…</p>;
  if (project.isError) return <Alert>{project.error.message}</Alert>;
  const p = project.data;
  const archived = p.status === "archived";
  const readOnly = !canEdit || archived;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/projects" className="text-sm text-link hover:underline">
            ← All projects
          </Link>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold tracking-tight">
            {p.name} {archived ? <Badge tone="muted">archived</Badge> : <Badge tone="good">active</Badge>}
          </h1>
          <p className="mt-1 text-sm text-slate-500">
            {cameraViewLabel(p.cameraView)} · {signalTypeLabels[p.signalType]}
            {p.cameraModel ? ` · ${p.cameraModel}` : ""} · updated {p.updatedAt.toLocaleString()}
          </p>
        </div>
        {canEdit ? (
          <Button
            variant={archived ? "secondary" : "danger"}
            pending={archive.isPending || restore.isPending}
            onClick={async () => {
              setFailure(null);
              try {
                if (archived) await restore.mutateAsync({ id });
                else await archive.mutateAsync({ id });
              } catch (error) {
                setFailure((error as Error).message);
              }
            }}
          >
            {archived ? "Restore project" : "Archive project"}
          </Button>
        ) : null}
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      {archived ? <Alert tone="info">This project is archived and read-only. Restore it to change it.</Alert> : null}
      {!canEdit ? <Alert tone="info">You have read-only access to projects.</Alert> : null}

      <Card title="Validation runs" description="Each run plays the assigned videos and judges the camera.">
        <div className="space-y-6">
          {canEdit && !archived ? (
            <StartRunForm
              projectId={id}
              defaults={{
                strategy: p.defaultStrategy,
                priority: p.defaultPriority,
                maxConcurrentTasks: p.defaultMaxConcurrentTasks,
              }}
              requireFirmware={p.regressionGate.requireFirmware}
            />
          ) : null}
          <WorkflowList filter={{ projectId: id }} comparable />
        </div>
      </Card>

      <FirmwareTrend projectId={id} />

      <SectionForm
        key={`videos-${archived}`}
        title="Videos"
        description={
          <>
            What the videos must cover; they are scored against it.{" "}
            <Link href={`/projects/${id}/videos`} className="font-medium text-link underline">
              Assign videos →
            </Link>
          </>
        }
        schema={videoRequirementsSchema}
        values={{
          requiredVruClasses: p.requiredVruClasses as VideoRequirements["requiredVruClasses"],
          requiredScenarios: p.requiredScenarios,
          allowDraftGroundTruth: p.allowDraftGroundTruth,
          requiredTestCases: p.requiredTestCases,
        }}
        serverPrefix="videoRequirements"
        readOnly={readOnly}
        save={(values) => requirements.mutateAsync({ id, videoRequirements: values })}
      >
        <RequirementFields />
      </SectionForm>
      <SectionForm
        key={`details-${archived}`}
        title="Details"
        schema={projectDetailsSchema}
        values={{
          name: p.name,
          description: p.description,
          cameraModel: p.cameraModel,
          cameraView: p.cameraView,
          signalType: p.signalType,
        }}
        serverPrefix="details"
        readOnly={readOnly}
        save={(details) => update.mutateAsync({ id, details })}
      >
        <DetailsFields />
      </SectionForm>
      <SectionForm
        key={`thresholds-${archived}`}
        title="Latency thresholds"
        description="The end-to-end threshold is also the window in which a detection may match."
        schema={latencyThresholdsSchema}
        values={p.latencyThresholds}
        serverPrefix="latencyThresholds"
        readOnly={readOnly}
        save={(values) => thresholds.mutateAsync({ id, latencyThresholds: values })}
      >
        <ThresholdFields />
      </SectionForm>
      <SectionForm
        key={`criteria-${archived}`}
        title="Pass/fail criteria"
        description="Checked criteria decide the verdict; unchecked ones are reported only."
        schema={passFailCriteriaSchema}
        values={p.passFailCriteria}
        serverPrefix="passFailCriteria"
        readOnly={readOnly}
        save={(values) => criteria.mutateAsync({ id, passFailCriteria: values })}
      >
        <CriteriaFields />
        <EvidencePlan projectId={id} />
      </SectionForm>
      <SectionForm
        key={`judging-${archived}`}
        title="Judging"
        description="How sure a verdict must be: the intervals' level and method, the decision rule, and whether every video must pass."
        schema={judgingSchema}
        values={p.judging}
        serverPrefix="judging"
        readOnly={readOnly}
        save={(values) => judging.mutateAsync({ id, judging: values })}
      >
        <JudgingFields />
      </SectionForm>
      <SectionForm
        key={`gate-${archived}`}
        title="Firmware comparison"
        description="The regression gate: how much worse run B may be than run A before a comparison says regression. Decided on the comparison's intervals; too few events leave it inconclusive."
        schema={regressionGateSchema}
        values={p.regressionGate}
        serverPrefix="regressionGate"
        readOnly={readOnly}
        save={(values) => gate.mutateAsync({ id, regressionGate: values })}
      >
        <RegressionGateFields />
      </SectionForm>
      <SectionForm
        key={`timing-${archived}`}
        title="Timing chain"
        description="Latencies are corrected for each rig's display latency when every rig of a run is calibrated. Bound how old or spread a calibration may be, and how far a rig's clock may move during a session."
        schema={timingRulesSchema}
        values={p.timingRules}
        serverPrefix="timingRules"
        readOnly={readOnly}
        save={(values) => timing.mutateAsync({ id, timingRules: values })}
      >
        <TimingRulesFields />
      </SectionForm>
      <HistoryCard subject={{ subjectType: "project", subjectId: id }} />
    </div>
  );
}
