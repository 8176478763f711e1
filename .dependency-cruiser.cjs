/**
 * The direction of imports (README, "Layout"): checked by `npm test` (npm run deps).
 * lib/ is pure code shared by all; db/ knows no server; the agent knows only lib/; pages'
 * components see the server through types; the engine knows no domain task, service or socket.
 */
const tests = "(\\.test\\.tsx?$|\\.spec\\.ts$)";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "A cycle makes the order of module loading matter and hides which part depends on which.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-is-shared-pure-code",
      comment: "lib/ is imported by the server, the pages and the agent: it imports only lib/ and packages.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(server|db|components|app|agent|e2e|bench|scripts)/" },
    },
    {
      name: "agent-imports-only-lib",
      comment: "The agent is bundled alone for the rig host: it may use lib/, nothing of the server.",
      severity: "error",
      from: { path: "^agent/" },
      to: { path: "^(server|db|components|app|e2e|bench|scripts)/" },
    },
    {
      name: "db-imports-no-server",
      comment: "The schema, migrations and database helpers sit below the server.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(server|components|app|agent|e2e|bench|scripts)/" },
    },
    {
      name: "components-see-the-server-as-types",
      comment: "Browser code may name the server's types (tRPC's router), never load its code.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^(server|db)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "engine-knows-no-domain",
      comment:
        "The workflow engine runs whatever tasks the composition root registers: it imports no task, service, socket or rig code.",
      severity: "error",
      from: { path: "^server/workflow/", pathNot: `${tests}|/testing/` },
      to: {
        path: "^server/(tasks|realtime|services|dispatch|routers|rest|web|runtime|storage|auth|demo|cli)/",
        pathNot: "^server/runtime/slot\\.ts$",
      },
    },
    {
      name: "storage-is-low-level",
      comment: "Video storage keeps files; who may read them is decided by services.",
      severity: "error",
      from: { path: "^server/storage/" },
      to: { path: "^server/(services|routers|rest|tasks|dispatch|realtime|workflow|web)/" },
    },
    {
      name: "nothing-imports-tests",
      comment: "Test files are entry points, never dependencies.",
      severity: "error",
      from: {},
      to: { path: tests },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data|public|test-results|playwright-report)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    moduleSystems: ["es6", "cjs"],
  },
};
