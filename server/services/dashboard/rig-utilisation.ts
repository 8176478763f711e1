/**
 * How busy each rig has been over the last `hours`: the share of that window its test sessions
 * covered (a running session counts up to now), and how many it ran.
 */
import { sql } from "drizzle-orm";
import { getDb } from "@/server/runtime/slot";
import { cachedAnswer } from "./cache";

type Row = { id: string; name: string; status: string; sessions: number; busy_seconds: number };

export async function rigUtilisation(hours = 24) {
  return cachedAnswer("rigs", hours, () => utilisationOf(hours));
}

async function utilisationOf(hours: number) {
  const rows = (await getDb().execute(sql`
    with w as (select now() - make_interval(hours => ${hours}) as since, now() as until)
    select r.id, r.name, r.status,
           count(s.id)::int as sessions,
           -- greatest() skips nulls: without the filter, a rig with no session (one null-extended
           -- row) counted the whole window as busy.
           coalesce(sum(extract(epoch from
             least(coalesce(s.finished_at, w.until), w.until) - greatest(s.started_at, w.since)))
             filter (where s.id is not null), 0)::float8 as busy_seconds
    from rigs r
    cross join w
    left join test_sessions s on s.rig_id = r.id and s.started_at is not null
      and s.started_at < w.until and coalesce(s.finished_at, w.until) > w.since
    group by r.id, r.name, r.status
    order by r.name
  `)) as unknown as Row[];
  return {
    hours,
    rigs: rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      sessions: r.sessions,
      utilisation: Math.min(1, r.busy_seconds / (hours * 3600)),
    })),
  };
}
