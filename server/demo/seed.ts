/**
 * `npm run db:seed`: example projects for a development database, so a new developer has
 * something to look at. Idempotent (skips names that exist). Creates no users: the first visit
 * creates the admin, and `sightline users create` the rest.
 */

import type { CreateProjectInput } from "@/lib/validation/project";
import { closeRuntime, composeRuntime } from "@/server/runtime/compose";

const examples: CreateProjectInput[] = [
  {
    name: "Example: blind-spot camera (right side)",
    description: "R151 blind-spot information system, cyclist and pedestrian scenarios.",
    cameraModel: "BSIS-200",
    cameraView: "right",
    signalType: "gpio",
  },
  {
    name: "Example: moving-off camera (front)",
    description: "R159 moving-off information system, pedestrians crossing in front.",
    cameraModel: "MOIS-10",
    cameraView: "front",
    signalType: "network",
  },
];

async function main() {
  const { resolveDatabase } = await import("@/server/database");
  const { createProject } = await import("@/server/services/projects/create-project");
  const { DomainError } = await import("@/server/errors");
  const database = await resolveDatabase({ migrate: true });
  composeRuntime({ databaseUrl: database.url });
  try {
    for (const example of examples) {
      try {
        await createProject(example, null);
        process.stdout.write(`created ${example.name}\n`);
      } catch (error) {
        if (error instanceof DomainError && error.code === "CONFLICT") {
          process.stdout.write(`exists  ${example.name}\n`);
        } else throw error;
      }
    }
  } finally {
    await closeRuntime();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
