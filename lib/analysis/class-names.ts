/**
 * The one mapping of class names, used wherever events enter Sightline (ground-truth import and
 * annotation, detection import, the rig's events, `sightline evaluate`): the same files give the
 * same figures in the app and on the command line. Names are trimmed and lower-cased, and the
 * names other tools use are mapped to Sightline's; an unknown name is kept (lower-cased).
 */
import { vruClassNames } from "@/lib/validation/video";

export const vruClasses = vruClassNames;

const synonyms: Record<string, (typeof vruClasses)[number]> = {
  ped: "pedestrian",
  person: "pedestrian",
  people: "pedestrian",
  walker: "pedestrian",
  bicycle: "cyclist",
  bike: "cyclist",
  rider: "cyclist",
  motorbike: "motorcyclist",
  motorcycle: "motorcyclist",
};

export function normaliseClass(name: string): string {
  const key = name.trim().toLowerCase();
  return synonyms[key] ?? key;
}

/** A detection's class, when it has one (a GPIO edge has none): empty text is no class. */
export function normaliseDetectionClass(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const normal = normaliseClass(name);
  return normal === "" ? null : normal;
}
