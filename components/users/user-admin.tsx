"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/components/forms/server-errors";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField, SelectField } from "@/components/ui/field";
import { createUserSchema, PASSWORD_MIN, roleLabels, userRoles } from "@/db/validation/user";

type Values = z.input<typeof createUserSchema>;

export function UserAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const create = useMutation(trpc.users.create.mutationOptions());
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const form = useForm<Values, unknown, z.output<typeof createUserSchema>>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { email: "", name: "", password: "", role: "engineer" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setStatus(null);
    try {
      const user = await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      form.reset();
      setStatus({ tone: "success", text: `${user.email} can now sign in as ${user.role}.` });
    } catch (error) {
      const message = applyServerErrors(error, form.setError);
      setStatus({ tone: "error", text: message ?? "Not created: correct the fields marked below." });
    }
  });

  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <Card title="Users" description="Everyone who can sign in to this Sightline.">
        {users.isError ? <Alert>{users.error.message}</Alert> : null}
        <DataTable columns={["Email", "Name", "Role"]}>
          {users.data?.map((user) => (
            <tr key={user.id}>
              <td className="py-2">{user.email}</td>
              <td className="py-2 text-slate-600">{user.name}</td>
              <td className="py-2">
                <Badge tone={user.role === "admin" ? "info" : "neutral"}>{user.role}</Badge>
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
      <form onSubmit={onSubmit} noValidate aria-label="Add a user">
        <Card title="Add a user">
          <div className="space-y-4">
            {status ? <Alert tone={status.tone}>{status.text}</Alert> : null}
            <InputField label="Email" type="email" error={errors.email?.message} {...form.register("email")} />
            <InputField label="Name" error={errors.name?.message} {...form.register("name")} />
            <InputField
              label="Initial password"
              type="password"
              autoComplete="new-password"
              hint={`At least ${PASSWORD_MIN} characters; share it with the person safely.`}
              error={errors.password?.message}
              {...form.register("password")}
            />
            <SelectField
              label="Role"
              error={errors.role?.message}
              options={userRoles.map((role) => ({ value: role, label: roleLabels[role] }))}
              {...form.register("role")}
            />
            <Button type="submit" pending={isSubmitting} className="w-full">
              Add user
            </Button>
          </div>
        </Card>
      </form>
    </div>
  );
}
