/** A task as the engine's pure parts see it, for their tests: defaults overridden by `fields`. */
import type { TaskView } from "../model";

export function taskView(fields: Partial<TaskView> & Pick<TaskView, "name">): TaskView {
  return {
    phase: "planning",
    dependsOn: [],
    critical: false,
    skippable: false,
    state: "pending",
    position: 0,
    progress: 0,
    ...fields,
  };
}
