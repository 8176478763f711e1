// Fails fast when npm scripts run on the system Node instead of the project's pinned Node 24
// (the `node` dev dependency), e.g. when its install script was skipped.
const major = Number(process.versions.node.split(".")[0]);
if (major !== 24) {
  console.error(
    `sightline: running on Node ${process.version}, but Sightline needs the Node 24 pinned in package.json.\n` +
      "Run it through npm (npm start, npm test, npx sightline ...) after `npm install`; if this persists, " +
      "check that the `node` package's install script is allowed (package.json allowScripts).",
  );
  process.exit(1);
}
