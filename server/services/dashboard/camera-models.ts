/** The camera models of the active projects, for the dashboard's filter. */
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { cachedAnswer } from "./cache";

export function cameraModels(): Promise<string[]> {
  return cachedAnswer("cameraModels", null, modelsInUse);
}

async function modelsInUse(): Promise<string[]> {
  const rows = (await getDb().execute(sql`
    select distinct camera_model from projects where status = 'active' and camera_model <> '' order by 1
  `)) as unknown as Array<{ camera_model: string }>;
  return rows.map((r) => r.camera_model);
}
