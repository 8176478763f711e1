// Module resolve hook for processes that run server code outside Next's bundler (the custom
// server, the CLI, scripts): `server-only` resolves to its empty build, as it does for React
// Server Components. In Next's bundles the same import still guards against client imports.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") {
    return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
  }
  return nextResolve(specifier, context);
}
