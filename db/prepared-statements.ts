/**
 * Which statements the pool prepares. Drizzle sends every query unprepared, and postgres-js then
 * asks the server for the parameters' types first (Parse/Describe, a round trip) and sends
 * nothing else on that connection until the answer is in: a transaction's statements went one
 * by one, two round trips each, even those sent together. A prepared statement is described once
 * per connection; after that its executions are pipelined and the server does not parse it
 * again. For the workflow engine (a dozen statements per step) that was a third of its time.
 *
 * Prepared are the statements whose text the code fixes. A text with a list of parameters (an IN
 * list, the rows of a multi-row VALUES, an ARRAY[...] of parameters) differs with each list's
 * length and stays unprepared; `isAnyOf` (./any-of.ts) binds a list as one parameter instead.
 * postgres-js keeps a connection's prepared statements for the connection's lifetime, so a
 * process prepares at most MAX_PREPARED distinct texts, whatever queries it meets.
 */

const MAX_PREPARED = 400;

/** A list of parameters: `in ($1, $2`, `ARRAY[$1`, the second row of a VALUES list `), ($3`. */
const PARAMETER_LIST = /\bin\s*\(\s*\$\d+\s*,|ARRAY\[\s*\$|\)\s*,\s*\(\s*(\$|default\b)/i;

/** Decides, per statement text, whether it is prepared; at most `max` distinct texts ever are. */
export function statementPolicy(max = MAX_PREPARED): (text: string) => boolean {
  const prepared = new Set<string>();
  return (text) => {
    if (prepared.has(text)) return true;
    if (prepared.size >= max || PARAMETER_LIST.test(text)) return false;
    prepared.add(text);
    return true;
  };
}

const processPolicy = statementPolicy();

type Scoped = (...args: unknown[]) => unknown;

/**
 * The postgres-js client as Drizzle sees it: `unsafe` (which runs every Drizzle query) prepares
 * what the policy allows, and the clients of its transactions and savepoints do the same.
 */
export function preparing<T extends object>(client: T, shouldPrepare = processPolicy): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      const call = value as Scoped;
      if (property === "unsafe") {
        return (text: string, parameters: unknown[] = [], options: Record<string, unknown> = {}) =>
          call.call(target, text, parameters, { ...options, prepare: shouldPrepare(text) });
      }
      if (property === "begin" || property === "savepoint") {
        // The scope's function is the last argument (`begin(options?, fn)`, `savepoint(name?, fn)`).
        return (...args: unknown[]) => {
          const fn = args.pop() as (client: object) => unknown;
          return call.call(target, ...args, (inner: object) => fn(preparing(inner, shouldPrepare)));
        };
      }
      return call.bind(target);
    },
  });
}
