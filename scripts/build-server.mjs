// Compiles the production server (server.ts and the server code it imports) into one ES module,
// .next/sightline/server.mjs, which `npm start` runs with plain Node: no TypeScript is transpiled
// at start, and none of tsx's caches and source maps stay in memory. Packages stay in
// node_modules (imported, not copied). Runs after `next build`, which empties .next first.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { serverBundle } from "./source-fingerprint.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, serverBundle);
const outdir = path.dirname(outfile);

/**
 * Modules that find files beside themselves (the migrations next to db/migrate.ts, the project
 * root from the server's own folder) keep doing so: their `import.meta.url` becomes their source
 * file's URL, computed from the bundle's location, so the checkout may still be moved.
 */
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      let contents = await readFile(args.path, "utf8");
      if (contents.includes("import.meta.dirname") || contents.includes("import.meta.filename")) {
        throw new Error(`${args.path}: use import.meta.url (import.meta.dirname is not kept in the server bundle)`);
      }
      if (contents.includes("import.meta.url")) {
        const source = path.relative(outdir, args.path).split(path.sep).join("/");
        contents = contents.replaceAll("import.meta.url", `new URL(${JSON.stringify(source)}, import.meta.url).href`);
      }
      return { contents, loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
    });
  },
};

/** `server-only` is empty outside the client bundles, as React Server Components resolve it. */
const serverOnly = {
  name: "server-only",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty-module" }));
    build.onLoad({ filter: /.*/, namespace: "empty-module" }, () => ({ contents: "" }));
  },
};

await build({
  entryPoints: [path.join(root, "server.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  packages: "external",
  alias: { "@": root },
  plugins: [serverOnly, keepModuleUrls],
  // Function and class names as written, for logs and errors; a map beside the bundle for
  // `node --enable-source-maps` when a stack trace should name the TypeScript lines.
  keepNames: true,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
});
console.log(`server compiled: ${serverBundle}`);
