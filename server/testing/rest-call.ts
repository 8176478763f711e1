/** Calls a REST route handler (the module Next.js serves) as a client would, for tests. */
type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute(
  handler: Handler,
  options: {
    method?: string;
    body?: unknown;
    token?: string | null;
    params?: Record<string, string>;
    raw?: string;
    /** Path and query of the request (query parameters are read from it). */
    url?: string;
  } = {},
) {
  const headers = new Headers({ "content-type": "application/json" });
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const req = new Request(`http://localhost${options.url ?? "/api/v1/workflow/x"}`, {
    method: options.method ?? (options.body === undefined && options.raw === undefined ? "GET" : "POST"),
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const response = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  // biome-ignore lint/suspicious/noExplicitAny: replies are JSON read by path in the assertions
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
