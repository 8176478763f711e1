/**
 * The HTTP face of tRPC with real sessions: requests go through tRPC's fetch handler with the
 * app's router and context (the server answers /api/trpc with the same router in
 * server/trpc-http.ts — single GET queries directly, the rest through the node adapter — which
 * its own test and the e2e tests exercise), signed in through better-auth's own sign-in endpoint.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { makeUser, projectInput, TEST_PASSWORD } from "@/server/testing/factories";
import { getAuth } from "./auth/auth";
import { appRouter } from "./routers/_app";
import { createContext } from "./trpc";

function trpc(path: string, init: { cookie?: string; body?: unknown } = {}) {
  const headers = new Headers({ "content-type": "application/json" });
  if (init.cookie) headers.set("cookie", init.cookie);
  const req = new Request(`http://localhost/api/trpc/${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify({ json: init.body }),
  });
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
  });
}

async function signIn(email: string, password: string): Promise<Response> {
  const auth = getAuth();
  return auth.handler(
    new Request("http://localhost/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" },
      body: JSON.stringify({ email, password }),
    }),
  );
}

async function sessionCookie(email: string): Promise<string> {
  const response = await signIn(email, TEST_PASSWORD);
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie).toMatch(/session_token=/);
  return cookie;
}

describe("tRPC over HTTP", () => {
  it("answers 401 to an anonymous request and serves health without a session", async () => {
    expect((await trpc("projects.list")).status).toBe(401);
    expect((await trpc("projects.create", { body: projectInput() })).status).toBe(401);
    const health = await trpc("health.check");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ result: { data: { json: { status: "ok" } } } });
  });

  it("signs in with email and password and then serves the user's requests", async () => {
    const engineer = await makeUser("engineer");
    const cookie = await sessionCookie(engineer.email);
    const me = await trpc("users.me", { cookie });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ result: { data: { json: { email: engineer.email, role: "engineer" } } } });
    expect((await trpc("projects.create", { cookie, body: projectInput() })).status).toBe(200);
  });

  it("refuses a wrong password", async () => {
    const engineer = await makeUser("engineer");
    expect((await signIn(engineer.email, "not-the-password")).status).toBe(401);
  });

  it("answers 403 when a viewer tries to change something, and 400 naming the field for bad input", async () => {
    const viewer = await makeUser("viewer");
    const viewerCookie = await sessionCookie(viewer.email);
    expect((await trpc("projects.list", { cookie: viewerCookie })).status).toBe(200);
    expect((await trpc("projects.create", { cookie: viewerCookie, body: projectInput() })).status).toBe(403);

    const engineer = await makeUser("engineer");
    const cookie = await sessionCookie(engineer.email);
    const bad = await trpc("projects.create", { cookie, body: { ...projectInput(), name: "" } });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      error: { json: { message: string; data: { fieldErrors: Record<string, string[]> } } };
    };
    expect(body.error.json.message).toContain("name");
    expect(body.error.json.data.fieldErrors).toEqual({ name: ["Name is required"] });
  });

  it("does not let anyone sign up through better-auth's endpoint", async () => {
    const response = await getAuth().handler(
      new Request("http://localhost/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" },
        body: JSON.stringify({ email: "intruder@test.sightline", password: "long-enough-password", name: "x" }),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});
