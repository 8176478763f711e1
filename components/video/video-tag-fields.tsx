"use client";
/**
 * The fields of a video's tags (camera view, scenario, lighting, weather, the regulation test case it
 * shows, VRU classes), shared by
 * the video page, the upload form and the library's bulk tagging. Tags weigh in the assignment
 * score (the camera view alone decides whether a video fits a project) and drive the filters.
 */
import { InputField, SelectField } from "@/components/ui/field";
import { catalogCases, regulations } from "@/lib/test-cases/catalog";
import { cameraViewLabels, cameraViews } from "@/lib/validation/project";
import { vruClassNames } from "@/lib/validation/video";

export type TagValues = {
  cameraView: string;
  scenario: string;
  lighting: string;
  weather: string;
  testCase: string;
  vruClasses: string[];
};

export const emptyTags: TagValues = {
  cameraView: "",
  scenario: "",
  lighting: "",
  weather: "",
  testCase: "",
  vruClasses: [],
};

/** Common values, offered as suggestions (any text up to 60 characters is accepted). */
const suggestions = {
  scenario: ["crossing", "turning right", "turning left", "moving off", "parallel", "stationary", "reversing"],
  lighting: ["day", "night", "dusk", "dawn", "low sun", "tunnel"],
  weather: ["clear", "overcast", "rain", "fog", "snow"],
} as const;

/** The form's values as the tags schema takes them: empty text is no tag. */
export function tagsInput(values: TagValues) {
  return {
    cameraView: (values.cameraView || undefined) as (typeof cameraViews)[number] | undefined,
    scenario: values.scenario.trim() || undefined,
    lighting: values.lighting.trim() || undefined,
    weather: values.weather.trim() || undefined,
    testCase: values.testCase || undefined,
    vruClasses: values.vruClasses.length ? (values.vruClasses as (typeof vruClassNames)[number][]) : undefined,
  };
}

export function tagValuesOf(tags: Record<string, unknown>): TagValues {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    cameraView: text(tags.cameraView),
    scenario: text(tags.scenario),
    lighting: text(tags.lighting),
    weather: text(tags.weather),
    testCase: text(tags.testCase),
    vruClasses: Array.isArray(tags.vruClasses) ? tags.vruClasses.filter((c) => typeof c === "string") : [],
  };
}

export function VideoTagFields({
  values,
  onChange,
  errors = {},
  idPrefix,
  withClasses = true,
  emptyLabel = "Not tagged",
}: {
  values: TagValues;
  onChange: (values: TagValues) => void;
  errors?: Partial<Record<keyof TagValues, string>>;
  /** Distinguishes the suggestion lists of two forms on one page. */
  idPrefix: string;
  withClasses?: boolean;
  emptyLabel?: string;
}) {
  const set = (key: keyof TagValues, value: string | string[]) => onChange({ ...values, [key]: value });
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label="Camera view"
          value={values.cameraView}
          error={errors.cameraView}
          onChange={(e) => set("cameraView", e.target.value)}
          options={[
            { value: "", label: emptyLabel },
            ...cameraViews.map((v) => ({ value: v, label: cameraViewLabels[v] })),
          ]}
        />
        {(["scenario", "lighting", "weather"] as const).map((key) => (
          <div key={key}>
            <InputField
              label={key[0]?.toUpperCase() + key.slice(1)}
              value={values[key]}
              maxLength={60}
              error={errors[key]}
              list={`${idPrefix}-${key}`}
              onChange={(e) => set(key, e.target.value)}
            />
            <datalist id={`${idPrefix}-${key}`}>
              {suggestions[key].map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </div>
        ))}
      </div>
      <SelectField
        label="Regulation test case shown"
        value={values.testCase}
        error={errors.testCase}
        onChange={(e) => set("testCase", e.target.value)}
        options={[
          { value: "", label: emptyLabel },
          ...regulations.flatMap((r) => catalogCases(r).map((c) => ({ value: c.id, label: `${c.id} — ${c.title}` }))),
        ]}
      />
      {withClasses ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">VRU classes shown</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {vruClassNames.map((c) => (
              <label key={c} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  className="size-4 rounded border-slate-300"
                  checked={values.vruClasses.includes(c)}
                  onChange={(e) =>
                    set(
                      "vruClasses",
                      e.target.checked ? [...values.vruClasses, c] : values.vruClasses.filter((x) => x !== c),
                    )
                  }
                />
                {c}
              </label>
            ))}
          </div>
          {errors.vruClasses ? <p className="text-sm text-red-700">{errors.vruClasses}</p> : null}
        </fieldset>
      ) : null}
    </div>
  );
}
