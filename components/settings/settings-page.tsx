"use client";
/**
 * The signed-in user's settings: their password, and API tokens for scripts calling the REST API
 * — create (the secret is shown once, with a copy button), see when each was last used, revoke —
 * and the public key that verifies this instance's evidence bundles.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCanEdit, useCurrentUser } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { InputField, SelectField } from "@/components/ui/field";
import { hasRole } from "@/lib/roles";
import { userRoles } from "@/lib/validation/user";
import { ChangePasswordForm } from "./change-password-form";

/** The public key of the instance's evidence signing key, for auditors to verify bundles with. */
function EvidenceKey({ pem, fingerprint }: { pem: string; fingerprint: string }) {
  return (
    <Card
      title="Evidence signing key"
      description="Evidence bundles of this instance are signed with its Ed25519 key. Give this public key to whoever checks them: sightline evidence verify BUNDLE --public-key FILE."
    >
      <p className="text-sm text-slate-700">
        Fingerprint <code className="break-all font-mono text-xs">{fingerprint}</code>
      </p>
      <pre className="mt-3 overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
        {pem}
      </pre>
      <p className="mt-2 text-sm">
        <a className="text-link underline" href="/api/v1/evidence/public-key" download="sightline-evidence-key.pem">
          Download the public key
        </a>
      </p>
    </Card>
  );
}

export function SettingsPage({ evidenceKey }: { evidenceKey: { pem: string; fingerprint: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canCreate = useCanEdit();
  const me = useCurrentUser();
  // A token may be limited to the user's own role or a lower one, never more.
  const grantable = userRoles.filter((r) => hasRole(me.role, r));
  const [copied, setCopied] = useState(false);
  const tokens = useQuery(trpc.apiTokens.mine.queryOptions());
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiTokens.mine.queryKey() });
  const create = useMutation(
    trpc.apiTokens.create.mutationOptions({
      onSuccess: (token) => {
        setCreated({ name: token.name, token: token.token });
        setCopied(false);
        setName("");
        void refresh();
      },
      onError: (e) => setFailure(e.message),
    }),
  );
  const revoke = useMutation(
    trpc.apiTokens.revoke.mutationOptions({ onSuccess: refresh, onError: (e) => setFailure(e.message) }),
  );

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <ChangePasswordForm />
      <Card
        title="API tokens"
        description={
          <>
            For scripts calling the REST API (
            <a className="text-link underline" href="/api-reference">
              API reference
            </a>
            ): send as <code>Authorization: Bearer …</code>. A token acts as you, limited to its role if it has one.
          </>
        }
      >
        <div className="space-y-4">
          {failure ? <Alert>{failure}</Alert> : null}
          {created ? (
            <Alert tone="success">
              Token “{created.name}” — copy it now, it is not shown again:
              <code
                className="mt-2 block break-all rounded bg-surface px-2 py-1 font-mono text-xs"
                data-testid="new-token"
              >
                {created.token}
              </code>
              <Button
                variant="secondary"
                className="mt-2"
                onClick={() => {
                  void navigator.clipboard
                    ?.writeText(created.token)
                    .then(() => setCopied(true))
                    .catch(() => setFailure("The browser did not allow copying: select the token and copy it."));
                }}
              >
                {copied ? "Copied" : "Copy token"}
              </Button>
            </Alert>
          ) : null}
          {canCreate ? (
            <form
              aria-label="Create an API token"
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                setFailure(null);
                create.mutate({ name, role: (role || undefined) as (typeof userRoles)[number] | undefined });
              }}
            >
              <InputField
                label="Token name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="rig script"
              />
              <SelectField
                label="Limit to role"
                value={role}
                onChange={(e) => setRole(e.target.value)}
                options={[
                  { value: "", label: `My role (${me.role})` },
                  ...grantable.filter((r) => r !== me.role).map((r) => ({ value: r, label: r })),
                ]}
              />
              <Button type="submit" pending={create.isPending}>
                Create token
              </Button>
            </form>
          ) : (
            <Alert tone="info">Viewers cannot create API tokens.</Alert>
          )}
          {tokens.data?.length ? (
            <DataTable columns={["Name", "Role", "Created", "Last used", ""]}>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 pr-3 font-medium">{t.name}</td>
                  <td className="py-2 pr-3 text-slate-600">{t.role ?? "as you"}</td>
                  <td className="py-2 pr-3 text-xs text-slate-500">{t.createdAt.toLocaleString()}</td>
                  <td className="py-2 pr-3 text-xs text-slate-500">
                    {t.lastUsedAt ? t.lastUsedAt.toLocaleString() : "never"}
                  </td>
                  <td className="py-2 text-right">
                    {t.revokedAt ? (
                      <Badge tone="muted">revoked</Badge>
                    ) : (
                      <Button
                        variant="danger"
                        aria-label={`Revoke ${t.name}`}
                        onClick={() => revoke.mutate({ id: t.id })}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p className="text-sm text-slate-500">No token yet.</p>
          )}
        </div>
      </Card>
      <EvidenceKey {...evidenceKey} />
    </div>
  );
}
