import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callerAs } from "@/server/testing/factories";

describe("users", () => {
  it("an admin adds a user; the email is normalised and must be unique", async () => {
    const { caller } = await callerAs("admin");
    const email = `New.Person-${Date.now()}@Test.Sightline`;
    const created = await caller.users.create({ email, password: "new-person-pw", role: "viewer", name: "" });
    expect(created).toMatchObject({
      email: email.toLowerCase(),
      role: "viewer",
      name: email.toLowerCase().split("@")[0],
    });
    expect((await caller.users.list()).map((u) => u.email)).toContain(email.toLowerCase());

    const again = await caller.users
      .create({ email, password: "other-password", role: "engineer", name: "" })
      .catch((e) => e);
    expect(again).toBeInstanceOf(TRPCError);
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/^email: /);
  });

  it("only admins manage users", async () => {
    const { caller } = await callerAs("engineer");
    const error = await caller.users.list().catch((e) => e);
    expect(error.code).toBe("FORBIDDEN");
    const create = await caller.users
      .create({ email: `x-${Date.now()}@test.sightline`, password: "long-enough-pw", role: "admin", name: "" })
      .catch((e) => e);
    expect(create.code).toBe("FORBIDDEN");
  });

  it("tells a signed-in user who they are", async () => {
    const { caller, user } = await callerAs("viewer");
    expect(await caller.users.me()).toEqual(user);
  });
});
