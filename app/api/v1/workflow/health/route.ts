/** Health without sign-in: 200 when the database answers, 503 (within 2 s) when it does not. */
import { systemHealth } from "@/server/services/health/system-health";
import { jsonResponse } from "@/server/web/json-response";

export const dynamic = "force-dynamic";

export async function GET() {
  const { healthy, body } = await systemHealth();
  return jsonResponse({ success: healthy, ...body }, { status: healthy ? 200 : 503 });
}
