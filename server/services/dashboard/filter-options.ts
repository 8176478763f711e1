/** The camera models and views of the active projects, for the dashboard's filters. */
import { sql } from "drizzle-orm";
import { getDb } from "@/server/runtime/slot";
import { cachedAnswer } from "./cache";

export function filterOptions(): Promise<{ models: string[]; views: string[] }> {
  return cachedAnswer("filterOptions", null, optionsInUse);
}

async function optionsInUse() {
  const rows = (await getDb().execute(sql`
    select 'model' as kind, camera_model as value from projects where status = 'active' and camera_model <> ''
    union
    select 'view', camera_view from projects where status = 'active'
    order by 1, 2
  `)) as unknown as Array<{ kind: string; value: string }>;
  return {
    models: rows.filter((r) => r.kind === "model").map((r) => r.value),
    views: rows.filter((r) => r.kind === "view").map((r) => r.value),
  };
}
