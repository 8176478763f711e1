/**
 * A single GET query answered directly (server/trpc-http.ts) gets the same status, headers and
 * body, byte for byte, as tRPC's own handler gives it: real HTTP servers, real sessions, answers
 * that succeed, are refused, fail validation, are cached, or name no procedure.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "./auth/auth";
import { createProject } from "./services/projects/create-project";
import { makeUser, projectInput, TEST_PASSWORD } from "./testing/factories";
import { standardTrpcHandler, trpcHttpHandler } from "./trpc-http";

let direct: Server;
let standard: Server;
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const listen = (server: Server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
let engineer: string;
let viewer: string;

async function cookieOf(email: string): Promise<string> {
  const response = await getAuth().handler(
    new Request("http://localhost/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    }),
  );
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

beforeAll(async () => {
  direct = createServer(trpcHttpHandler);
  standard = createServer(standardTrpcHandler);
  await Promise.all([listen(direct), listen(standard)]);
  const e = await makeUser("engineer");
  const v = await makeUser("viewer");
  await createProject(projectInput(), e.id);
  engineer = await cookieOf(e.email);
  viewer = await cookieOf(v.email);
});
afterAll(async () => {
  await Promise.all([direct, standard].map((s) => new Promise((resolve) => s.close(resolve))));
});

async function both(pathAndQuery: string, cookie?: string) {
  const get = async (server: Server) => {
    const response = await fetch(`${urlOf(server)}/api/trpc/${pathAndQuery}`, {
      headers: cookie ? { cookie } : {},
    });
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      vary: response.headers.get("vary"),
      // The one figure that differs between two calls: health's time for its database query.
      body: (await response.text()).replace(/"databaseMs":[0-9.]+/g, '"databaseMs":0'),
    };
  };
  return { direct: await get(direct), standard: await get(standard) };
}

const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify({ json: value }))}`;

describe("a single GET query", () => {
  const cases: Array<[string, string, "engineer" | "viewer" | "none"]> = [
    ["answered", `projects.list`, "engineer"],
    ["answered with input, twice (a kept answer)", `dashboard.overview?${input({})}`, "viewer"],
    ["a kept answer again", `dashboard.overview?${input({})}`, "viewer"],
    ["with a date in its answer", `dashboard.projects?${input({ page: 1 })}`, "viewer"],
    ["without a session", `projects.list`, "none"],
    ["refused by role", `users.list`, "viewer"],
    ["with input its schema refuses", `dashboard.projects?${input({ page: -1 })}`, "viewer"],
    ["with input of the wrong type", `dashboard.rigs?${input("lots")}`, "viewer"],
    ["of a missing record", `projects.get?${input({ id: "00000000-0000-4000-8000-000000000000" })}`, "engineer"],
    ["without a session, for health", `health.check`, "none"],
    ["naming no procedure", `projects.nothing`, "engineer"],
    ["that is a mutation", `projects.create?${input(projectInput())}`, "engineer"],
    ["whose input is not JSON", `projects.get?input=%7Bnot`, "engineer"],
    ["as a batch", `projects.list,health.check?batch=1&${encodeURIComponent("input")}={}`, "engineer"],
  ];
  for (const [name, path, who] of cases) {
    it(`${name}: the same status, headers and body as tRPC's handler`, async () => {
      const cookie = who === "engineer" ? engineer : who === "viewer" ? viewer : undefined;
      const { direct: d, standard: s } = await both(path, cookie);
      expect(d).toEqual(s);
    });
  }

  it("answers a burst of the same kept answer from one body", async () => {
    const path = `dashboard.trend?${input({ days: 30 })}`;
    const bodies = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${urlOf(direct)}/api/trpc/${path}`, { headers: { cookie: viewer } }).then((r) => r.text()),
      ),
    );
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0] as string)).toHaveProperty("result.data.json");
  });
});
