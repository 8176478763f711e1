"use client";
/** What the project needs from its videos: VRU classes, scenarios, and whether drafts will do. */
import { Controller, type FieldError, get, useFormContext } from "react-hook-form";
import { InputField } from "@/components/ui/field";
import type { VideoRequirements } from "@/lib/validation/assignment";
import { vruClassNames } from "@/lib/validation/video";

export function RequirementFields() {
  const form = useFormContext<VideoRequirements>();
  const error = (field: string) => (get(form.formState.errors, field) as FieldError | undefined)?.message;
  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">VRU classes the videos must cover</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {vruClassNames.map((name) => (
            <label key={name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                value={name}
                className="size-4 rounded border-slate-300 text-link"
                {...form.register("requiredVruClasses")}
              />
              {name}
            </label>
          ))}
        </div>
        {error("requiredVruClasses") ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {error("requiredVruClasses")}
          </p>
        ) : null}
      </fieldset>
      <Controller
        control={form.control}
        name="requiredScenarios"
        render={({ field, fieldState }) => (
          <InputField
            label="Scenarios the videos must cover"
            hint="Comma-separated, as tagged on the videos (e.g. turning, crossing). Empty: any scenario."
            error={fieldState.error?.message ?? error("requiredScenarios.0")}
            value={(field.value ?? []).join(", ")}
            onChange={(e) =>
              field.onChange(
                e.target.value
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean),
              )
            }
            onBlur={field.onBlur}
          />
        )}
      />
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300 text-link"
          {...form.register("allowDraftGroundTruth")}
        />
        <span>
          Allow draft ground truth
          <span className="block text-xs text-slate-500">
            Otherwise a run refuses videos whose ground truth a second engineer has not reviewed.
          </span>
        </span>
      </label>
    </div>
  );
}
