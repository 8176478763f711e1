/** SQL shared by the dashboard's queries. */
import { type SQL, sql } from "drizzle-orm";

/** The dashboard's filters as one condition on `projects p` (active projects only). */
export function filterSql(filters: { cameraModel?: string; cameraView?: string; search?: string }): SQL {
  const parts: SQL[] = [sql`p.status = 'active'`];
  if (filters.cameraModel) parts.push(sql`p.camera_model = ${filters.cameraModel}`);
  if (filters.cameraView) parts.push(sql`p.camera_view = ${filters.cameraView}`);
  if (filters.search) parts.push(sql`p.name ilike ${`%${filters.search.replace(/[%_\\]/g, "\\$&")}%`}`);
  return sql.join(parts, sql` and `);
}
