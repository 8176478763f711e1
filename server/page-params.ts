import "server-only";
import { notFound } from "next/navigation";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page's `id` when it is a UUID; anything else is a 404 rather than a database error. */
export async function uuidParam(params: Promise<{ id: string }>): Promise<string> {
  const { id } = await params;
  if (!uuid.test(id)) notFound();
  return id;
}
