import { type Command, Option } from "commander";
import { userRoles } from "@/lib/validation/user";

export function registerUsers(program: Command): void {
  const users = program.command("users").description("manage the people who can sign in");
  users
    .command("create")
    .description("create a user who signs in with email and password")
    .requiredOption("--email <email>", "the user's email address (their sign-in name)")
    .addOption(new Option("--role <role>", "what the user may do").choices(userRoles).makeOptionMandatory())
    .option("--name <name>", "display name (default: the part of the email before @)")
    .option("--password-stdin", "read the password from standard input (never from the command line)")
    .option("--create-database", "make the database in the data dir if it has none yet (a new Sightline)")
    .action(
      async (options: {
        email: string;
        role: (typeof userRoles)[number];
        name?: string;
        passwordStdin?: boolean;
        createDatabase?: boolean;
      }) => {
        if (!options.passwordStdin) {
          throw new Error(
            'give the password on standard input with --password-stdin, e.g. `echo "$PW" | sightline users create ...`',
          );
        }
        const password = await readStdin();
        if (!password) throw new Error("no password on standard input");
        // Loaded on use, so that --help answers at once.
        const { createUser } = await import("../services/users/create-user");
        const { withDatabase } = await import("./with-database");
        const user = await withDatabase(
          () => createUser({ email: options.email, role: options.role, name: options.name ?? "", password }),
          { create: options.createDatabase },
        );
        process.stdout.write(`Created ${user.role} ${user.email} (id ${user.id}).\n`);
      },
    );
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error("--password-stdin expects the password piped in, not typed at a terminal");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline (from echo or a file) is not part of the password.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}
