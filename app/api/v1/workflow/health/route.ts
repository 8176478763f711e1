/** Health without sign-in: 200 when the database answers, 503 (within 2 s) when it does not. */
import { systemHealth } from "@/server/services/health/system-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const { healthy, body } = await systemHealth();
  return Response.json({ success: healthy, ...body }, { status: healthy ? 200 : 503 });
}
