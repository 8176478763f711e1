import { redirect } from "next/navigation";
import { requirePageUser } from "@/server/auth/page-guards";

export const dynamic = "force-dynamic";

/** Home: managers (viewers) land on the dashboard, engineers and admins on their projects. */
export default async function Home() {
  const user = await requirePageUser();
  redirect(user.role === "viewer" ? "/dashboard" : "/projects");
}
