/** Small factories: each test makes its own rows, with unique names, and never shares them. */
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/server/auth/session";
import { createCaller } from "@/server/routers/_app";
import { createUser } from "@/server/services/users/create-user";
import type { CreateProjectInput } from "../validation/project";
import type { UserRole } from "../validation/user";

export const TEST_PASSWORD = "test-password-1234";

export async function makeUser(role: UserRole): Promise<SessionUser> {
  const email = `${role}-${randomUUID().slice(0, 8)}@test.sightline`;
  const user = await createUser({ email, role, password: TEST_PASSWORD, name: "" });
  return { id: user.id, email: user.email, name: user.name, role };
}

export async function callerAs(role: UserRole | null) {
  const user = role ? await makeUser(role) : null;
  return { user, caller: createCaller({ user }) };
}

export function projectInput(overrides: Partial<CreateProjectInput> = {}): CreateProjectInput {
  return {
    name: `Camera ${randomUUID().slice(0, 8)}`,
    cameraView: "right",
    signalType: "gpio",
    cameraModel: "BSIS-200",
    ...overrides,
  };
}
