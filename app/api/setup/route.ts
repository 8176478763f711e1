/**
 * First-admin setup, open without a session only while the database has no user at all.
 * GET tells whether setup is needed; POST creates the admin.
 */
import { firstAdminSchema } from "@/lib/validation/user";
import { errorResponse } from "@/server/errors";
import { invalidInput } from "@/server/services/parse-input";
import { createFirstAdmin } from "@/server/services/users/create-first-admin";
import { needsFirstAdmin } from "@/server/services/users/needs-first-admin";
import { jsonResponse } from "@/server/web/json-response";

export async function GET() {
  return jsonResponse({ needsFirstAdmin: await needsFirstAdmin() });
}

export async function POST(req: Request) {
  const body = await req.json().catch(() => null);
  const parsed = firstAdminSchema.safeParse(body);
  try {
    if (!parsed.success) throw invalidInput(parsed.error);
    const user = await createFirstAdmin(parsed.data);
    return jsonResponse({ user: { id: user.id, email: user.email, role: user.role } }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
