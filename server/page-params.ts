import "server-only";
import { notFound } from "next/navigation";
import { isUuid } from "./ids";

/** The page's `id` when it is a UUID; anything else is a 404 rather than a database error. */
export async function uuidParam(params: Promise<{ id: string }>): Promise<string> {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return id;
}
