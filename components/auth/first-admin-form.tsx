"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { firstAdminSchema, PASSWORD_MIN } from "@/lib/validation/user";
import { authClient } from "./auth-client";

type FirstAdmin = z.input<typeof firstAdminSchema>;

export function FirstAdminForm() {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<FirstAdmin, unknown, z.output<typeof firstAdminSchema>>({
    resolver: zodResolver(firstAdminSchema),
    defaultValues: { email: "", name: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const response = await fetch("/api/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(values),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as {
        error?: { message: string; fieldErrors?: Record<string, string[]> };
      } | null;
      setFailure(applyServerErrors({ message: body?.error?.message, data: body?.error }, form.setError));
      return;
    }
    const { error } = await authClient.signIn.email({ email: values.email, password: values.password });
    if (error) {
      router.replace("/sign-in?created=1");
      return;
    }
    router.replace("/projects");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {failure ? <Alert>{failure}</Alert> : null}
      <InputField label="Your name" autoComplete="name" error={errors.name?.message} {...form.register("name")} />
      <InputField
        label="Email"
        type="email"
        autoComplete="email"
        error={errors.email?.message}
        {...form.register("email")}
      />
      <InputField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters.`}
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" pending={isSubmitting} className="w-full">
        Create admin account
      </Button>
    </form>
  );
}
