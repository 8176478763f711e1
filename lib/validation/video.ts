/** Inputs of the video library: one schema for the form, the tRPC procedures and the REST routes. */
import { z } from "zod";
import { isCatalogCase } from "../test-cases/catalog";
import { cameraViews } from "./project";

export const vruClassNames = ["pedestrian", "cyclist", "motorcyclist", "wheelchair", "scooter"] as const;

/** A catalog test case's id (`sightline cases list`), e.g. R151-D1. */
export const testCaseId = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCatalogCase, { message: "Not a test case of the catalog: pick one of the list (e.g. R151-D1)" });

const tag = (label: string) => z.string().trim().max(60, `${label} at most 60 characters`).optional();

export const videoTagsSchema = z.object({
  cameraView: z.enum(cameraViews, { error: `Camera view must be one of ${cameraViews.join(", ")}` }).optional(),
  scenario: tag("Scenario"),
  lighting: tag("Lighting"),
  weather: tag("Weather"),
  vruClasses: z.array(z.enum(vruClassNames, { error: `VRU classes: ${vruClassNames.join(", ")}` })).optional(),
  /** The regulation test case the video shows (a catalog id such as R151-D1; DESIGN §13). */
  testCase: testCaseId.optional(),
});
export type VideoTagsInput = z.input<typeof videoTagsSchema>;

export const listVideosSchema = z
  .object({
    search: z.string().trim().max(120).optional(),
    cameraView: z.enum(cameraViews).optional(),
    scenario: z.string().trim().max(60).optional(),
    vruClass: z.enum(vruClassNames).optional(),
    /** A catalog case id, or `any` / `none`: videos tagged with a case, or with none. */
    testCase: z.union([z.enum(["any", "none"]), testCaseId]).optional(),
    /** `issues`: videos whose time base is not plain (variable frame rate, late start, frames ≠ duration × fps); `unread`: not read. */
    timeBase: z.enum(["issues", "unread"]).optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .default({ page: 1, pageSize: 25 });

export const updateVideoTagsSchema = z.object({ id: z.uuid("Video id must be a UUID"), tags: videoTagsSchema });
export const videoIdSchema = z.object({ id: z.uuid("Video id must be a UUID") });

/**
 * Tags set on many videos at once (the library's selection): the tags given replace those of
 * each video, VRU classes are added or removed; the rest of each video's tags is kept.
 */
export const tagVideosSchema = z.object({
  ids: z
    .array(z.uuid("Video ids must be UUIDs"))
    .min(1, "Select at least one video")
    .max(100, "At most 100 videos at once (one page of the library)"),
  set: videoTagsSchema.omit({ vruClasses: true }).default({}),
  addVruClasses: z.array(z.enum(vruClassNames)).max(vruClassNames.length).default([]),
  removeVruClasses: z.array(z.enum(vruClassNames)).max(vruClassNames.length).default([]),
});
export type TagVideosInput = z.input<typeof tagVideosSchema>;

export const renameVideoSchema = z.object({
  id: z.uuid("Video id must be a UUID"),
  fileName: z
    .string()
    .trim()
    .min(1, "The name must not be empty")
    .max(255, "The name must be at most 255 characters")
    .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), {
      message: "The name must not contain control characters",
    }),
});
