import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { VideoPage } from "@/components/video/video-page";

export const metadata: Metadata = { title: "Video" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) notFound();
  return <VideoPage id={id} />;
}
