"use client";
/**
 * One editable part of a project (details, thresholds or criteria) with its own Save button,
 * client-side validation by the shared schema, and the server's field errors placed beside the
 * fields. Viewers see the same values read-only.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { type ReactNode, useEffect, useState } from "react";
import { type DefaultValues, type FieldValues, FormProvider, type Resolver, useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

type Props<S extends z.ZodType<FieldValues, FieldValues>> = {
  title: string;
  description?: ReactNode;
  schema: S;
  values: z.input<S>;
  /** The part's key in the procedure input, stripped from the server's field paths. */
  serverPrefix: string;
  readOnly: boolean;
  save: (values: z.output<S>) => Promise<unknown>;
  children: ReactNode;
};

export function SectionForm<S extends z.ZodType<FieldValues, FieldValues>>(props: Props<S>) {
  const { title, description, schema, values, serverPrefix, readOnly, save, children } = props;
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues: values as DefaultValues<z.input<S>>,
  });

  // Values changed elsewhere (another browser, a live push) replace the shown ones unless the
  // user is in the middle of editing this part.
  const serialized = JSON.stringify(values);
  useEffect(() => {
    if (!form.formState.isDirty) form.reset(JSON.parse(serialized) as z.input<S>);
  }, [serialized, form]);

  const onSubmit = form.handleSubmit(async (parsed) => {
    setStatus(null);
    try {
      await save(parsed);
      form.reset(parsed as z.input<S>);
      setStatus({ tone: "success", text: `${title} saved.` });
    } catch (error) {
      const message = applyServerErrors(error, form.setError, { stripPrefix: serverPrefix });
      setStatus({ tone: "error", text: message ?? "Not saved: correct the fields marked below." });
    }
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Card
          title={title}
          description={description}
          actions={
            readOnly ? null : (
              <Button type="submit" pending={form.formState.isSubmitting} disabled={!form.formState.isDirty}>
                Save {title.toLowerCase()}
              </Button>
            )
          }
        >
          {status ? (
            <div className="mb-4">
              <Alert tone={status.tone}>{status.text}</Alert>
            </div>
          ) : null}
          <fieldset disabled={readOnly}>{children}</fieldset>
        </Card>
      </form>
    </FormProvider>
  );
}
