"use client";
/** Changing one's own password: the current one is asked for; other browsers are signed out. */
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/components/forms/server-errors";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { InputField } from "@/components/ui/field";
import { changeOwnPasswordSchema, PASSWORD_MIN } from "@/lib/validation/user";

type Values = z.input<typeof changeOwnPasswordSchema>;

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.users.changeOwnPassword.mutationOptions());
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(changeOwnPasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setStatus(null);
    try {
      await change.mutateAsync(values);
      form.reset();
      setStatus({ tone: "success", text: "Password changed. Other browsers signed in as you were signed out." });
    } catch (error) {
      const message = applyServerErrors(error, form.setError);
      if (message) setStatus({ tone: "error", text: message });
    }
  });
  return (
    <Card title="Your password">
      <form onSubmit={onSubmit} noValidate aria-label="Change your password" className="max-w-md space-y-4">
        {status ? <Alert tone={status.tone}>{status.text}</Alert> : null}
        <InputField
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword?.message}
          {...form.register("currentPassword")}
        />
        <InputField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters.`}
          error={errors.newPassword?.message}
          {...form.register("newPassword")}
        />
        <Button type="submit" pending={isSubmitting}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
