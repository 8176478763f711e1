/** The dashboard's projects as CSV (`?cameraModel=&cameraView=&search=`), for signed-in users. */
import { filtersFromSearchParams } from "@/lib/validation/dashboard";
import { getSessionUser } from "@/server/auth/session";
import { DomainError, errorResponse } from "@/server/errors";
import { projectSummaries } from "@/server/services/dashboard/project-summaries";
import { projectsCsv } from "@/server/services/dashboard/projects-csv";
import { publicOrigin } from "@/server/web/public-origin";

export async function GET(req: Request) {
  try {
    if (!(await getSessionUser(req.headers))) throw new DomainError("UNAUTHORIZED", "Sign in to export the dashboard.");
    const url = new URL(req.url);
    const filters = filtersFromSearchParams(url.searchParams);
    // Bad filters are refused before the first byte is sent, while a status code can still say so.
    await projectSummaries({ ...(filters as object), pageSize: 1 });
    const lines = projectsCsv(filters, publicOrigin(req));
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="sightline-projects-${day}.csv"`,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
