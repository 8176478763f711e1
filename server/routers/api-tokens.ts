import { apiTokenIdSchema, createApiTokenSchema } from "@/lib/validation/api-token";
import { createApiToken, listApiTokens, revokeApiToken } from "../services/api-tokens/api-tokens";
import { protectedProcedure, roleProcedure, router } from "../trpc";

export const apiTokensRouter = router({
  mine: protectedProcedure.query(({ ctx }) => listApiTokens(ctx.user)),
  create: roleProcedure("engineer")
    .input(createApiTokenSchema)
    .mutation(({ input, ctx }) => createApiToken(input, ctx.user)),
  revoke: protectedProcedure.input(apiTokenIdSchema).mutation(({ input, ctx }) => revokeApiToken(input.id, ctx.user)),
});
