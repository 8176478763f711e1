import { sql } from "drizzle-orm";
import { getDb } from "@/server/runtime/slot";
import { publicProcedure, router } from "../trpc";

export const healthRouter = router({
  /** The only procedure open without a session: for load balancers and monitoring. */
  check: publicProcedure.query(async () => {
    const started = performance.now();
    await getDb().execute(sql`select 1`);
    return { status: "ok" as const, databaseMs: Math.round((performance.now() - started) * 10) / 10 };
  }),
});
