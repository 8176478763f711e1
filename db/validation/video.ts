/** Inputs of the video library: one schema for the form, the tRPC procedures and the REST routes. */
import { z } from "zod";
import { cameraViews } from "./project";

export const vruClassNames = ["pedestrian", "cyclist", "motorcyclist", "wheelchair", "scooter"] as const;

const tag = (label: string) => z.string().trim().max(60, `${label} at most 60 characters`).optional();

export const videoTagsSchema = z.object({
  cameraView: z.enum(cameraViews, { error: `Camera view must be one of ${cameraViews.join(", ")}` }).optional(),
  scenario: tag("Scenario"),
  lighting: tag("Lighting"),
  weather: tag("Weather"),
  vruClasses: z.array(z.enum(vruClassNames, { error: `VRU classes: ${vruClassNames.join(", ")}` })).optional(),
});
export type VideoTagsInput = z.input<typeof videoTagsSchema>;

export const listVideosSchema = z
  .object({
    search: z.string().trim().max(120).optional(),
    cameraView: z.enum(cameraViews).optional(),
    scenario: z.string().trim().max(60).optional(),
    vruClass: z.enum(vruClassNames).optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .default({ page: 1, pageSize: 25 });

export const updateVideoTagsSchema = z.object({ id: z.uuid("Video id must be a UUID"), tags: videoTagsSchema });
export const videoIdSchema = z.object({ id: z.uuid("Video id must be a UUID") });
