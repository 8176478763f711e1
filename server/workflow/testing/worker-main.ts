/**
 * A worker-only process for the durability tests: runs task attempts of DATABASE_URL's workflows
 * with the durability tasks registered, until it is killed (or stopped with SIGTERM).
 */
import { env } from "../../env";
import { createLiveRelay } from "../../realtime/live-transport";
import { setSocketServer } from "../../realtime/publish";
import { closeRuntime, composeRuntime } from "../../runtime/compose";
import { startEngine } from "../engine";
import { createScratchTables, durabilityTasks } from "./durability-tasks";

const url = env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
composeRuntime({ databaseUrl: url, tasks: durabilityTasks });
await createScratchTables();
// As a worker-only Sightline process does: live pushes travel through PostgreSQL.
setSocketServer(createLiveRelay(url).io);
const engine = await startEngine({ databaseUrl: url, work: true, concurrency: env.SIGHTLINE_WORKER_CONCURRENCY });
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await engine.stop(5);
  await closeRuntime();
  process.exit(0);
});
