import { type Command, Option } from "commander";
import { userRoles } from "@/lib/validation/user";

export function registerTokens(program: Command): void {
  const token = program.command("token").description("API tokens for scripts calling the REST API");
  token
    .command("create")
    .description("create a named API token for a user; prints the token once")
    .requiredOption("--email <email>", "the user the token acts as")
    .requiredOption("--name <name>", "what the token is for (shown in the user's settings)")
    .addOption(new Option("--role <role>", "limit the token below the user's role").choices(userRoles))
    .option("--json", "print JSON (id, name, role, token) instead of the bare token")
    .action(async (options: { email: string; name: string; role?: (typeof userRoles)[number]; json?: boolean }) => {
      // Loaded on use, so that --help answers at once.
      const { createApiTokenFor } = await import("../services/api-tokens/api-tokens");
      const { withDatabase } = await import("./with-database");
      const created = await withDatabase(() =>
        createApiTokenFor(options.email, { name: options.name, role: options.role }),
      );
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ id: created.id, name: created.name, role: created.role, token: created.token })}\n`
          : `${created.token}\n`,
      );
    });
}
