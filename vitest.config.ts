import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Outside Next's bundler `server-only` resolves to its empty build (as for server components).
      { find: /^server-only$/, replacement: path.join(root, "node_modules/server-only/empty.js") },
    ],
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", ".data/**", "e2e/**"],
    environment: "node",
    globalSetup: ["./db/testing/global-setup.ts"],
    setupFiles: ["./server/testing/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Three files at once on two cores: most of the slow files wait on real processes and real
    // time (leases, grace periods, playback), so a third keeps the cores busy. Each file has a
    // database of its own (server/testing/test-database.ts), so they cannot meet.
    maxWorkers: 3,
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      SIGHTLINE_AUTH_SECRET: "test-secret-that-is-long-enough-for-signing",
      // Files the code keeps (video storage) go to a scratch folder, never the checkout's .data.
      SIGHTLINE_DATA_DIR: path.join(os.tmpdir(), "sightline-vitest-data"),
    },
  },
});
