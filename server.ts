/**
 * Sightline's entry point in development and production: one process serving Next.js and
 * Socket.IO on one HTTP server (`npm run dev`, `npm start`).
 */
async function main() {
  try {
    const { startServer } = await import("@/server/runtime/start-server");
    await startServer();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sightline: ${message.replace(/\n\s*/g, " ")}\n`);
    process.exit(1);
  }
}

void main();
