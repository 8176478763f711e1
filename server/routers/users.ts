import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { createUserSchema } from "@/db/validation/user";
import { createUser } from "../services/users/create-user";
import { protectedProcedure, roleProcedure, router } from "../trpc";

export const usersRouter = router({
  me: protectedProcedure.query(({ ctx }) => ctx.user),
  list: roleProcedure("admin").query(() =>
    getDb()
      .select({ id: users.id, email: users.email, name: users.name, role: users.role, createdAt: users.createdAt })
      .from(users)
      .orderBy(asc(users.email)),
  ),
  create: roleProcedure("admin")
    .input(createUserSchema)
    .mutation(({ input }) => createUser(input)),
});
