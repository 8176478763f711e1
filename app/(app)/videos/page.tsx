import type { Metadata } from "next";
import { VideoLibrary } from "@/components/video/video-library";

export const metadata: Metadata = { title: "Videos" };

export default function Page() {
  return <VideoLibrary />;
}
