/**
 * GET /metrics in Prometheus text format. On the main port it needs the metrics token
 * (SIGHTLINE_METRICS_TOKEN); without one it is not served there (any local process, or a page
 * in a local browser reached through DNS rebinding, could read it). With SIGHTLINE_METRICS_PORT
 * it is served on that port of 127.0.0.1 instead, without a token, and not on the main one.
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

type MetricsSettings = { SIGHTLINE_METRICS_PORT?: number; SIGHTLINE_METRICS_TOKEN?: string };

/** Why a scrape on the main port is refused, or null when it may go ahead. */
function refusal(req: IncomingMessage, settings: MetricsSettings): { status: number; text: string } | null {
  if (settings.SIGHTLINE_METRICS_PORT) {
    return { status: 404, text: `metrics are served on 127.0.0.1:${settings.SIGHTLINE_METRICS_PORT}` };
  }
  const token = settings.SIGHTLINE_METRICS_TOKEN;
  if (!token) {
    return {
      status: 404,
      text: "metrics are off: set SIGHTLINE_METRICS_TOKEN (then scrape with it), or SIGHTLINE_METRICS_PORT for a local port",
    };
  }
  const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
  return sameSecret(sent, token)
    ? null
    : { status: 401, text: "send the metrics token as Authorization: Bearer <token>" };
}

/** On the main port. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, settings: MetricsSettings = env): void {
  const refused = refusal(req, settings);
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
