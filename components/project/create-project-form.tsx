"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormProvider, useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/components/forms/server-errors";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { createProjectSchema, defaultLatencyThresholds, defaultPassFailCriteria } from "@/lib/validation/project";
import { CriteriaFields, DetailsFields, ThresholdFields } from "./project-fields";

type Values = z.input<typeof createProjectSchema>;

export function CreateProjectForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values, unknown, z.output<typeof createProjectSchema>>({
    resolver: zodResolver(createProjectSchema),
    defaultValues: {
      name: "",
      description: "",
      cameraModel: "",
      cameraView: "right",
      signalType: "gpio",
      latencyThresholds: defaultLatencyThresholds,
      passFailCriteria: defaultPassFailCriteria,
    },
  });
  const create = useMutation(trpc.projects.create.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      const project = await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
      router.push(`/projects/${project.id}`);
    } catch (error) {
      setFailure(applyServerErrors(error, form.setError));
    }
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate className="space-y-6">
        {failure ? <Alert>{failure}</Alert> : null}
        <Card title="Camera under test">
          <DetailsFields />
        </Card>
        <Card
          title="Latency thresholds"
          description="Defaults follow common practice; change them to your requirement."
        >
          <ThresholdFields prefix="latencyThresholds" />
        </Card>
        <Card title="Pass/fail criteria" description="Unchecked criteria are reported but do not decide the verdict.">
          <CriteriaFields prefix="passFailCriteria" />
        </Card>
        <div className="flex justify-end gap-3">
          <Button variant="secondary" onClick={() => router.back()}>
            Cancel
          </Button>
          <Button type="submit" pending={form.formState.isSubmitting}>
            Create project
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
