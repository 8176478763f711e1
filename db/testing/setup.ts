// Every test file talks to the run's database through the same client the app uses.
import { afterAll, inject } from "vitest";
import { closeDatabase, openDatabase } from "../client";

openDatabase(inject("dbUrl"), { max: 4 });
afterAll(async () => {
  await closeDatabase();
});
