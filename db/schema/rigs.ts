/** Test rigs: the hosts that play videos to a camera and timestamp its detection signal. */
import { sql } from "drizzle-orm";
import { check, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { AgentIdentity } from "@/lib/rig-protocol";
import { rigStatuses } from "@/lib/states";

export const rigs = pgTable(
  "rigs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** sha256 of the rig token; the token itself is shown once at creation and never stored. */
    tokenHash: text("token_hash").notNull(),
    capabilities: jsonb("capabilities").$type<AgentIdentity>().notNull().default({}),
    status: text("status", { enum: rigStatuses }).notNull().default("offline"),
    /** When the server last heard from the rig's agent (a heartbeat, once a second, or any message). */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    /** What the agent said it was doing in its latest heartbeat: the session, and its phase since when. */
    agentSessionId: uuid("agent_session_id"),
    agentPhase: text("agent_phase"),
    agentPhaseSince: timestamp("agent_phase_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("rigs_name_unique").on(sql`lower(${t.name})`),
    uniqueIndex("rigs_token_hash_unique").on(t.tokenHash),
    check("rigs_status_check", sql`${t.status} in ('offline', 'online', 'disabled')`),
  ],
);
