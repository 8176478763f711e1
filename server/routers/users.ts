import { asc } from "drizzle-orm";
import { users } from "@/db/schema";
import {
  changeOwnPasswordSchema,
  createUserSchema,
  resetPasswordSchema,
  updateUserSchema,
} from "@/lib/validation/user";
import { getDb } from "@/server/runtime/slot";
import { createUser } from "../services/users/create-user";
import { changeOwnPassword, resetPassword, updateUser } from "../services/users/manage-users";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const admin = roleProcedure("admin");

export const usersRouter = router({
  me: protectedProcedure.query(({ ctx }) => {
    const { sessionToken: _secret, ...user } = ctx.user;
    return user;
  }),
  list: admin.query(() =>
    getDb()
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        deactivatedAt: users.deactivatedAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .orderBy(asc(users.email)),
  ),
  create: admin.input(createUserSchema).mutation(({ input }) => createUser(input)),
  update: admin.input(updateUserSchema).mutation(({ input, ctx }) => updateUser(input, ctx.user.id)),
  resetPassword: admin.input(resetPasswordSchema).mutation(({ input }) => resetPassword(input)),
  changeOwnPassword: protectedProcedure
    .input(changeOwnPasswordSchema)
    .mutation(({ input, ctx }) => changeOwnPassword(input, ctx.user.id, ctx.user.sessionToken ?? null)),
});
