import type { Metadata } from "next";
import { VideoPage } from "@/components/video/video-page";
import { uuidParam } from "@/server/page-params";

export const metadata: Metadata = { title: "Video" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <VideoPage id={await uuidParam(params)} />;
}
