"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/components/forms/server-errors";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { InputField, SelectField } from "@/components/ui/field";
import { workflowPriorities as priorities, workflowStrategies as strategies } from "@/lib/states";
import type { RunDefaults } from "@/lib/validation/project";
import { createWorkflowSchema } from "@/lib/validation/workflow";

type Values = z.input<typeof createWorkflowSchema>;

const strategyLabels: Record<(typeof strategies)[number], string> = {
  adaptive: "Adaptive (chosen from the project's size)",
  sequential: "Sequential (one task at a time)",
  parallel: "Parallel (ready tasks at once)",
  hybrid: "Hybrid (critical tasks alone, the rest in parallel)",
};

export function StartRunForm({
  projectId,
  defaults,
  requireFirmware = false,
}: {
  projectId: string;
  defaults: RunDefaults;
  /** The project refuses a run without a firmware version. */
  requireFirmware?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const create = useMutation(trpc.workflows.create.mutationOptions());
  const form = useForm<Values, unknown, z.output<typeof createWorkflowSchema>>({
    resolver: zodResolver(createWorkflowSchema),
    defaultValues: {
      projectId,
      strategy: defaults.strategy,
      priority: defaults.priority,
      maxConcurrentTasks: defaults.maxConcurrentTasks,
      start: true,
      parameters: { dryRunSeconds: 0 },
    },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      const run = await create.mutateAsync({ ...values, start: true });
      router.push(`/workflows/${run.id}`);
    } catch (error) {
      setFailure(applyServerErrors(error, form.setError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Start a validation run" className="space-y-4">
      {failure ? <Alert>{failure}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <InputField
          label="Run name"
          placeholder="e.g. Night clips after the lens swap"
          hint="Optional: how the run's lists name it."
          maxLength={120}
          error={errors.name?.message}
          {...form.register("name")}
        />
        <InputField
          label={requireFirmware ? "Firmware version (required)" : "Firmware version"}
          placeholder="e.g. 4.2.1-rc3"
          hint="The camera firmware under test, to compare runs by."
          maxLength={80}
          required={requireFirmware}
          error={errors.firmwareVersion?.message}
          {...form.register("firmwareVersion")}
        />
        <InputField
          label="Software id"
          placeholder="e.g. an R156 RXSWIN"
          hint="Optional: a further identity of the software under test."
          maxLength={200}
          error={errors.softwareId?.message}
          {...form.register("softwareId")}
        />
        <InputField
          label="Notes"
          placeholder="e.g. build 1187, new night model"
          hint="Optional: what else identifies what was tested."
          maxLength={2000}
          error={errors.softwareNotes?.message}
          {...form.register("softwareNotes")}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <SelectField
          className="sm:col-span-2"
          label="Strategy"
          error={errors.strategy?.message}
          options={strategies.map((s) => ({ value: s, label: strategyLabels[s] }))}
          {...form.register("strategy")}
        />
        <SelectField
          label="Priority"
          error={errors.priority?.message}
          options={priorities.map((p) => ({ value: p, label: p }))}
          {...form.register("priority")}
        />
        <InputField
          label="Tasks at once"
          type="number"
          min={1}
          max={32}
          error={errors.maxConcurrentTasks?.message}
          {...form.register("maxConcurrentTasks", { valueAsNumber: true })}
        />
        <InputField
          label="Dry run without a rig"
          type="number"
          min={0}
          suffix="s"
          hint={
            <>
              Simulated playback; 0 plays on a rig. With no rig registered, every run is a dry run. Dry runs are
              labelled and prove nothing about a camera.
            </>
          }
          error={errors.parameters?.dryRunSeconds?.message}
          {...form.register("parameters.dryRunSeconds", { valueAsNumber: true })}
        />
      </div>
      <Button type="submit" pending={isSubmitting}>
        Start validation run
      </Button>
    </form>
  );
}
