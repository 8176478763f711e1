import { listHistorySchema } from "@/lib/validation/history";
import { listHistory } from "../services/history/list-history";
import { protectedProcedure, router } from "../trpc";

export const historyRouter = router({
  list: protectedProcedure.input(listHistorySchema).query(({ input, ctx }) => listHistory(input, ctx.user)),
});
