/** Small factories: each test makes its own rows, with unique names, and never shares them. */
import { randomUUID } from "node:crypto";
import type { CreateProjectInput } from "@/lib/validation/project";
import type { UserRole } from "@/lib/validation/user";
import type { SessionUser } from "@/server/auth/session";
import { createCaller } from "@/server/routers/_app";
import { createUser } from "@/server/services/users/create-user";

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

/** A video in the library with ground truth, tagged with a camera view. */
export async function makeVideo(options: { cameraView?: string; events?: number; durationMs?: number } = {}) {
  const { getDb } = await import("@/server/runtime/slot");
  const { videos, groundTruthEvents } = await import("@/db/schema");
  const id = randomUUID();
  const [video] = await getDb()
    .insert(videos)
    .values({
      fileName: `clip-${id.slice(0, 8)}.mp4`,
      storageKey: `test/${id}`,
      sha256: id.replaceAll("-", "").padEnd(64, "0"),
      sizeBytes: 1024,
      durationMs: options.durationMs ?? 10_000,
      fps: 30,
      tags: options.cameraView ? { cameraView: options.cameraView } : {},
      groundTruthStatus: (options.events ?? 2) > 0 ? "reviewed" : "none",
    })
    .returning();
  if (!video) throw new Error("insert returned no row");
  const events = options.events ?? 2;
  if (events > 0) {
    await getDb()
      .insert(groundTruthEvents)
      .values(
        Array.from({ length: events }, (_, i) => ({
          videoId: video.id,
          class: "pedestrian",
          onsetUs: 1_000_000 * (i + 1),
          offsetUs: 1_000_000 * (i + 1) + 500_000,
          source: "imported" as const,
        })),
      );
  }
  return video;
}
