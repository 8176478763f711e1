/**
 * GET /metrics in Prometheus text format. On the main port it needs the metrics token
 * (SIGHTLINE_METRICS_TOKEN) or, without one, a caller on this machine; with
 * SIGHTLINE_METRICS_PORT it is served on that port of 127.0.0.1 instead, and not on the main one.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { env } from "../env";
import { logger } from "../logger";
import { metrics } from "./metrics";

export function isMetricsPath(url: string | undefined): boolean {
  return url === "/metrics" || (url?.startsWith("/metrics?") ?? false);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function local(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? "";
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

async function answer(res: ServerResponse): Promise<void> {
  try {
    const registry = metrics().registry;
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType });
    res.end(body);
  } catch (error) {
    logger.error({ err: error }, "metrics could not be collected");
    res.writeHead(500, { "content-type": "text/plain" });
    res.end("metrics could not be collected; see the server log\n");
  }
}

/** Why a scrape on the main port is refused, or null when it may go ahead. */
function refusal(req: IncomingMessage): { status: number; text: string } | null {
  if (env.SIGHTLINE_METRICS_PORT) {
    return { status: 404, text: `metrics are served on 127.0.0.1:${env.SIGHTLINE_METRICS_PORT}` };
  }
  const token = env.SIGHTLINE_METRICS_TOKEN;
  if (token) {
    const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    return sameSecret(sent, token)
      ? null
      : { status: 401, text: "send the metrics token as Authorization: Bearer <token>" };
  }
  return local(req) ? null : { status: 403, text: "set SIGHTLINE_METRICS_TOKEN to scrape from another machine" };
}

/** On the main port. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse): void {
  const refused = refusal(req);
  if (refused) {
    res.writeHead(refused.status, { "content-type": "text/plain" });
    res.end(`${refused.text}\n`);
  } else void answer(res);
}

/** The internal metrics port, when configured. */
export function startMetricsServer(): Promise<Server | undefined> {
  const port = env.SIGHTLINE_METRICS_PORT;
  if (!port) return Promise.resolve(undefined);
  const server = createServer((req, res) => {
    if (isMetricsPath(req.url)) void answer(res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
