/** Rigs download videos from storage with their token; nothing else can. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeVideo } from "@/server/testing/factories";
import { videoStore } from "../../storage/video-store";
import { createRig } from "../rigs/create-rig";
import { videoForRig } from "./video-for-rig";

describe("videoForRig", () => {
  it("streams the stored file to a rig with a valid token, and refuses everyone else", async () => {
    const video = await makeVideo();
    const { token } = await createRig({ name: `downloader ${video.id.slice(0, 8)}` });
    await expect(videoForRig(null, video.id)).rejects.toThrow(/valid rig token is required/);
    await expect(videoForRig("Bearer slr_wrong", video.id)).rejects.toThrow(/valid rig token is required/);
    await expect(videoForRig(`Bearer ${token}`, video.id)).rejects.toThrow(/is not in the server's video storage/);

    const file = videoStore().path(video.storageKey);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "frames");
    try {
      const download = await videoForRig(`Bearer ${token}`, video.id);
      expect(download.size).toBe(6);
      expect(await new Response(download.body).text()).toBe("frames");
    } finally {
      rmSync(file);
    }
  });

  it("never reads outside the storage folder", () => {
    expect(() => videoStore().path("../../etc/passwd")).toThrow(/Invalid storage key/);
  });
});
