"use client";
/**
 * What the project needs from its videos: VRU classes, scenarios, whether drafts will do, and its
 * requirement set of regulation test cases (a catalog, or a subset of it).
 */
import { Controller, type FieldError, get, useFormContext } from "react-hook-form";
import { InputField } from "@/components/ui/field";
import { catalogCases, regulations } from "@/lib/test-cases/catalog";
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
      <Controller
        control={form.control}
        name="requiredTestCases"
        render={({ field }) => <TestCasePicker value={field.value ?? []} onChange={field.onChange} />}
      />
      {error("requiredTestCases") ? (
        <p role="alert" className="text-sm text-red-700">
          {error("requiredTestCases")}
        </p>
      ) : null}
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

/** The requirement set: the catalog's cases by regulation, each regulation takeable whole. */
function TestCasePicker({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const chosen = new Set(value);
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">Regulation test cases the run must pass</legend>
      <p className="text-xs text-slate-500">
        A run passes only when every case chosen here is shown by a video (tag the videos with their case) and passes.
        Cases marked “verify” hold a figure still to be checked against the regulation’s text.
      </p>
      <div className="mt-2 grid items-start gap-4 lg:grid-cols-2">
        {regulations.map((regulation) => {
          const cases = catalogCases(regulation);
          const all = cases.every((c) => chosen.has(c.id));
          return (
            <div key={regulation} className="rounded-md border border-slate-200 p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="text-sm font-semibold text-slate-800">UN {regulation}</span>
                <button
                  type="button"
                  className="text-sm font-medium text-link underline"
                  onClick={() =>
                    onChange(
                      all
                        ? value.filter((v) => !cases.some((c) => c.id === v))
                        : [...value, ...cases.map((c) => c.id).filter((id) => !chosen.has(id))],
                    )
                  }
                >
                  {all ? `Clear ${regulation}` : `Take all of ${regulation} (${cases.length})`}
                </button>
              </div>
              <ul className="mt-2 space-y-1">
                {cases.map((c) => (
                  <li key={c.id}>
                    <label className="flex items-start gap-2 text-sm">
                      <input
                        type="checkbox"
                        className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-link"
                        checked={chosen.has(c.id)}
                        onChange={(e) => toggle(c.id, e.target.checked)}
                      />
                      <span>
                        <span className="font-mono text-xs">{c.id}</span> {c.title}
                        {Object.keys(c.verify).length ? (
                          <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">verify</span>
                        ) : null}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
      <p className="mt-1 text-xs text-slate-500" aria-live="polite">
        {value.length} test case{value.length === 1 ? "" : "s"} required
      </p>
    </fieldset>
  );
}
