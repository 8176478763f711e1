"use client";
/** The exact commands that start an agent for a rig on its host, with the token shown once. */
import { useEffect, useState } from "react";

export function AgentCommand({ rigName, token }: { rigName: string; token: string }) {
  const [origin, setOrigin] = useState("http://<this-server>");
  useEffect(() => setOrigin(window.location.origin), []);
  const command = [
    `curl -fsSLO ${origin}/agent/sightline-agent.mjs`,
    `SIGHTLINE_RIG_TOKEN=${token} node sightline-agent.mjs --server ${origin} \\`,
    "  --source gpio --chip gpiochip0 --line 17 --player mpv",
  ].join("\n");
  return (
    <section className="space-y-2" aria-label={`Agent command for ${rigName}`}>
      <p className="text-sm text-slate-700">
        Token for <strong>{rigName}</strong> — shown this once; copy it now. On the rig's host (Linux, Node 22 or newer,
        libgpiod's <code>gpiomon</code>, <code>mpv</code>):
      </p>
      <pre className="relative overflow-x-auto rounded-md bg-slate-900 px-3 py-2 text-xs text-slate-100">{command}</pre>
      <p className="text-xs text-slate-500">
        Without a camera: <code>--source sim --player sim</code> simulates one. <code>--help</code> lists the options
        (network cameras: <code>--source udp</code>; a sync photodiode: <code>--sync-line 18 --player none</code>).
      </p>
    </section>
  );
}
