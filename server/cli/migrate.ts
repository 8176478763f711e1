import type { Command } from "commander";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply the database migrations (the server also does this at start)")
    .action(async () => {
      const { resolveDatabase } = await import("../database");
      const database = await resolveDatabase({ migrate: true });
      await database.stop();
      process.stdout.write(`Migrations applied (${database.embedded ? "embedded database" : "DATABASE_URL"}).\n`);
    });
}
