/**
 * Managing accounts with real sessions (better-auth's own sign-in endpoint): a role change, a
 * deactivation that signs the user out at once and refuses their sign-in and API tokens, a
 * reactivation, a password reset by an admin, one's own password change (other sessions end,
 * this one stays), and the rule that one active admin always remains.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { callerAs, makeUser, TEST_PASSWORD } from "@/server/testing/factories";
import { getAuth } from "../../auth/auth";
import { forgetSessions } from "../../auth/session";
import { appRouter } from "../../routers/_app";
import { createContext } from "../../trpc";
import { createApiTokenFor, userOfApiToken } from "../api-tokens/api-tokens";

function signIn(email: string, password: string): Promise<Response> {
  return getAuth().handler(
    new Request("http://localhost/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" },
      body: JSON.stringify({ email, password }),
    }),
  );
}
async function cookieOf(email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await signIn(email, password);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
async function trpc(path: string, cookie: string, body?: unknown) {
  forgetSessions();
  const headers = new Headers({ "content-type": "application/json", cookie });
  const req = new Request(`http://localhost/api/trpc/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify({ json: body }),
  });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: { json: unknown } } } };
}

describe("managing users", () => {
  it("changes a role, deactivates (signed out, no sign-in, no token) and reactivates", async () => {
    const { caller: admin, user: adminUser } = await callerAs("admin");
    const engineer = await makeUser("engineer");
    const cookie = await cookieOf(engineer.email);
    expect((await trpc("users.me", cookie)).body.result?.data.json).toMatchObject({ role: "engineer" });
    const { token } = await createApiTokenFor(engineer.email, { name: "script" });

    expect(await admin.users.update({ id: engineer.id, role: "viewer" })).toMatchObject({
      role: "viewer",
      active: true,
    });
    expect((await trpc("users.me", cookie)).body.result?.data.json).toMatchObject({ role: "viewer" });

    await admin.users.update({ id: engineer.id, active: false });
    expect((await trpc("users.me", cookie)).status).toBe(401);
    const refused = await signIn(engineer.email, TEST_PASSWORD);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/deactivated/);
    expect(await userOfApiToken(token)).toBeNull();
    const listed = (await admin.users.list()).find((u) => u.id === engineer.id);
    expect(listed?.deactivatedAt).toBeInstanceOf(Date);

    await admin.users.update({ id: engineer.id, active: true });
    await cookieOf(engineer.email);
    expect(await userOfApiToken(token)).toMatchObject({ id: engineer.id });
    // An admin cannot deactivate themselves.
    await expect(admin.users.update({ id: adminUser?.id as string, active: false })).rejects.toThrow(
      /cannot deactivate your own account/,
    );
  });

  it("keeps one active admin", async () => {
    const { caller: admin, user: actor } = await callerAs("admin");
    const list = await admin.users.list();
    // Every admin but one other than the caller made engineer (the caller too: its context keeps
    // the admin role), so the one left is judged by the last-admin rule, not by the own-account one.
    const admins = list.filter((u) => u.role === "admin" && !u.deactivatedAt);
    const last = admins.find((u) => u.id !== actor?.id) ?? (await makeUser("admin"));
    for (const other of admins) {
      if (other.id !== last.id) await admin.users.update({ id: other.id, role: "engineer" });
    }
    await expect(admin.users.update({ id: last.id, role: "viewer" })).rejects.toThrow(/only active admin/);
    await expect(admin.users.update({ id: last.id, active: false })).rejects.toThrow(/only active admin/);
    const engineers = await callerAs("engineer");
    await expect(engineers.caller.users.update({ id: last.id, role: "viewer" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("resets a password (sessions end) and lets a user change their own (others end, this one stays)", async () => {
    const { caller: admin } = await callerAs("admin");
    const user = await makeUser("engineer");
    const before = await cookieOf(user.email);
    await admin.users.resetPassword({ id: user.id, password: "a-brand-new-pass" });
    expect((await trpc("users.me", before)).status).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(401);
    const here = await cookieOf(user.email, "a-brand-new-pass");
    const elsewhere = await cookieOf(user.email, "a-brand-new-pass");

    const wrong = await trpc("users.changeOwnPassword", here, {
      currentPassword: "not-the-password",
      newPassword: "my-own-password",
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toMatch(/current password is not right/);
    const changed = await trpc("users.changeOwnPassword", here, {
      currentPassword: "a-brand-new-pass",
      newPassword: "my-own-password",
    });
    expect(changed.status).toBe(200);
    expect((await trpc("users.me", here)).status).toBe(200);
    expect((await trpc("users.me", elsewhere)).status).toBe(401);
    await cookieOf(user.email, "my-own-password");
  });
});
