"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyServerErrors } from "@/components/forms/server-errors";
import { useCurrentUser } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField, SelectField } from "@/components/ui/field";
import { createUserSchema, PASSWORD_MIN, roleLabels, userRoles } from "@/lib/validation/user";

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
  const me = useCurrentUser();
  const update = useMutation(trpc.users.update.mutationOptions());
  const resetPassword = useMutation(trpc.users.resetPassword.mutationOptions());
  const [rowStatus, setRowStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });

  const change = async (input: { id: string; role?: (typeof userRoles)[number]; active?: boolean }) => {
    setRowStatus(null);
    try {
      const done = await update.mutateAsync(input);
      setRowStatus({
        tone: "success",
        text:
          input.active === undefined
            ? `${done.email} is now ${done.role}.`
            : input.active
              ? `${done.email} can sign in again.`
              : `${done.email} is deactivated: signed out everywhere, their API tokens stopped.`,
      });
    } catch (error) {
      setRowStatus({ tone: "error", text: (error as Error).message });
    }
    await refresh();
  };
  const reset = async (id: string, email: string, password: string) => {
    setRowStatus(null);
    try {
      await resetPassword.mutateAsync({ id, password });
      setResetting(null);
      setRowStatus({ tone: "success", text: `New password set for ${email}; share it safely. Their sessions ended.` });
    } catch (error) {
      setRowStatus({ tone: "error", text: (error as Error).message });
    }
  };

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
      <Card
        title="Accounts"
        description="Everyone who can sign in to this Sightline. Sightline keeps one active admin."
      >
        {users.isError ? <Alert>{users.error.message}</Alert> : null}
        {rowStatus ? <Alert tone={rowStatus.tone}>{rowStatus.text}</Alert> : null}
        <DataTable columns={["Email", "Name", "Role", "Account", ""]}>
          {users.data?.map((user) => {
            const active = !user.deactivatedAt;
            return (
              <tr key={user.id} aria-label={`User ${user.email}`}>
                <td className="py-2 pr-3">{user.email}</td>
                <td className="py-2 pr-3 text-slate-600">{user.name}</td>
                <td className="py-2 pr-3">
                  <label className="sr-only" htmlFor={`role-${user.id}`}>
                    Role of {user.email}
                  </label>
                  <select
                    id={`role-${user.id}`}
                    value={user.role}
                    disabled={update.isPending || user.id === me.id}
                    title={user.id === me.id ? "Another admin changes your role" : undefined}
                    onChange={(e) => change({ id: user.id, role: e.target.value as (typeof userRoles)[number] })}
                    className="rounded-md border-0 bg-surface py-1 pr-8 pl-2 text-sm ring-1 ring-slate-300"
                  >
                    {userRoles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="py-2 pr-3">
                  {active ? <Badge tone="good">active</Badge> : <Badge tone="muted">deactivated</Badge>}
                </td>
                <td className="py-2 text-right whitespace-nowrap">
                  {user.id === me.id ? (
                    <span className="text-xs text-slate-500">you</span>
                  ) : (
                    <div className="flex justify-end gap-2">
                      <Button variant="ghost" onClick={() => setResetting(resetting === user.id ? null : user.id)}>
                        Reset password
                      </Button>
                      <Button
                        variant={active ? "danger" : "secondary"}
                        disabled={update.isPending}
                        onClick={() => change({ id: user.id, active: !active })}
                      >
                        {active ? "Deactivate" : "Reactivate"}
                      </Button>
                    </div>
                  )}
                  {resetting === user.id ? (
                    <form
                      aria-label={`New password for ${user.email}`}
                      className="mt-2 flex flex-wrap items-end justify-end gap-2 text-left"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const password = String(new FormData(e.currentTarget).get("password") ?? "");
                        void reset(user.id, user.email, password);
                      }}
                    >
                      <InputField
                        label="New password"
                        name="password"
                        type="password"
                        autoComplete="new-password"
                        hint={`At least ${PASSWORD_MIN} characters; their sessions end.`}
                      />
                      <Button type="submit" pending={resetPassword.isPending}>
                        Set password
                      </Button>
                    </form>
                  ) : null}
                </td>
              </tr>
            );
          })}
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
