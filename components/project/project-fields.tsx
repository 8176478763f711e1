"use client";
/**
 * The fields of a project's parts (details, latency thresholds, pass/fail criteria, judging), used
 * by the create form and by the edit forms. `prefix` is where the part sits in the form's values.
 */
import { type FieldError, type FieldValues, get, useFormContext } from "react-hook-form";
import { InputField, SelectField } from "@/components/ui/field";
import {
  type CriterionKey,
  cameraViewLabels,
  cameraViews,
  criterionLabels,
  latencyStatistics,
  signalTypeLabels,
  signalTypes,
} from "@/lib/validation/project";

/** The known views; a project made through the API with its own wording keeps it. */
function viewOptions(current: string | undefined) {
  const known = cameraViews.map((v) => ({ value: v, label: cameraViewLabels[v] }));
  return current && !(cameraViews as readonly string[]).includes(current)
    ? [...known, { value: current, label: current }]
    : known;
}

function useField(prefix: string | undefined) {
  const form = useFormContext<FieldValues>();
  const name = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const error = (field: string) => (get(form.formState.errors, name(field)) as FieldError | undefined)?.message;
  return { form, name, error };
}

export function DetailsFields({ prefix, disabled }: { prefix?: string; disabled?: boolean }) {
  const { form, name, error } = useField(prefix);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <InputField label="Name" disabled={disabled} error={error("name")} {...form.register(name("name"))} />
      <InputField
        label="Camera model"
        disabled={disabled}
        placeholder="e.g. BSIS-200 rev C"
        error={error("cameraModel")}
        {...form.register(name("cameraModel"))}
      />
      <SelectField
        label="Camera view"
        disabled={disabled}
        error={error("cameraView")}
        options={viewOptions(form.watch(name("cameraView")) as string | undefined)}
        {...form.register(name("cameraView"))}
      />
      <SelectField
        label="Detection signal"
        disabled={disabled}
        error={error("signalType")}
        options={signalTypes.map((v) => ({ value: v, label: signalTypeLabels[v] }))}
        {...form.register(name("signalType"))}
      />
      <InputField
        label="Description"
        disabled={disabled}
        className="sm:col-span-2"
        error={error("description")}
        {...form.register(name("description"))}
      />
    </div>
  );
}

const thresholdFields = [
  ["detectionLatencyMs", "Detection latency", "Camera detection time − ground-truth onset, per match."],
  ["processingLatencyMs", "Processing latency", "Server receive time − rig read time."],
  ["endToEndLatencyMs", "End-to-end latency", "Ground-truth onset → event stored. Also the match window."],
  ["signalProcessingLatencyMs", "Signal processing latency", "Rig read time − kernel edge timestamp."],
  ["warningThresholdMs", "Warning threshold", "A single detection slower than this raises a warning."],
  ["criticalThresholdMs", "Critical threshold", "A single detection slower than this raises a critical alert."],
] as const;

export function ThresholdFields({ prefix, disabled }: { prefix?: string; disabled?: boolean }) {
  const { form, name, error } = useField(prefix);
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {thresholdFields.map(([field, label, hint]) => (
        <InputField
          key={field}
          label={label}
          hint={hint}
          type="number"
          inputMode="decimal"
          step="any"
          suffix="ms"
          disabled={disabled}
          error={error(field)}
          {...form.register(name(field), { valueAsNumber: true })}
        />
      ))}
    </div>
  );
}

const ratioCriteria: CriterionKey[] = [
  "minPrecision",
  "minRecall",
  "minF1Score",
  "maxFalsePositiveRate",
  "minDetectionConfidence",
  "minAccuracy",
];

export function CriteriaFields({ prefix, disabled }: { prefix?: string; disabled?: boolean }) {
  const { form, name, error } = useField(prefix);
  const row = (key: CriterionKey, control: React.ReactNode) => (
    <div key={key} className="grid grid-cols-[auto_1fr] items-start gap-3 py-2">
      <input
        type="checkbox"
        aria-label={`Check ${criterionLabels[key].toLowerCase()}`}
        className="mt-8 size-4 rounded border-slate-300 text-link"
        disabled={disabled}
        {...form.register(name(`${key}.enabled`))}
      />
      {control}
    </div>
  );
  return (
    <div className="grid gap-x-8 md:grid-cols-2">
      {ratioCriteria.map((key) =>
        row(
          key,
          <InputField
            label={criterionLabels[key]}
            hint={
              key === "minDetectionConfidence"
                ? "Only for signals that carry a confidence; n/a otherwise."
                : "A ratio between 0 and 1."
            }
            type="number"
            inputMode="decimal"
            step="any"
            disabled={disabled}
            error={error(`${key}.value`)}
            {...form.register(name(`${key}.value`), { valueAsNumber: true })}
          />,
        ),
      )}
      {row(
        "maxLatencyMs",
        <div className="grid gap-3 sm:grid-cols-2">
          <InputField
            label={criterionLabels.maxLatencyMs}
            type="number"
            inputMode="decimal"
            step="any"
            suffix="ms"
            disabled={disabled}
            error={error("maxLatencyMs.value")}
            {...form.register(name("maxLatencyMs.value"), { valueAsNumber: true })}
          />
          <SelectField
            label="Latency statistic"
            disabled={disabled}
            error={error("maxLatencyMs.statistic")}
            options={latencyStatistics.map((s) => ({ value: s, label: s === "mean" ? "mean" : s }))}
            {...form.register(name("maxLatencyMs.statistic"))}
          />
        </div>,
      )}
      {row(
        "minDetectionCount",
        <InputField
          label={criterionLabels.minDetectionCount}
          hint="Fewest true detections a run must contain."
          type="number"
          inputMode="numeric"
          step={1}
          disabled={disabled}
          error={error("minDetectionCount.value")}
          {...form.register(name("minDetectionCount.value"), { valueAsNumber: true })}
        />,
      )}
    </div>
  );
}

export function JudgingFields({ prefix, disabled }: { prefix?: string; disabled?: boolean }) {
  const { form, name, error } = useField(prefix);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <InputField
        label="Confidence level"
        hint="Of every interval, e.g. 0.95."
        type="number"
        inputMode="decimal"
        step="any"
        disabled={disabled}
        error={error("confidenceLevel")}
        {...form.register(name("confidenceLevel"), { valueAsNumber: true })}
      />
      <SelectField
        label="Interval method"
        disabled={disabled}
        error={error("intervalMethod")}
        options={[
          { value: "wilson", label: "Wilson score" },
          { value: "clopper-pearson", label: "Clopper–Pearson (exact, wider)" },
        ]}
        {...form.register(name("intervalMethod"))}
      />
      <SelectField
        label="Decision rule"
        hint="Bound: a criterion passes only when its confidence bound meets the limit, else it is inconclusive. Point: when its estimate does."
        disabled={disabled}
        error={error("decisionRule")}
        options={[
          { value: "bound", label: "Bound (confidence bound)" },
          { value: "point", label: "Point (estimate)" },
        ]}
        {...form.register(name("decisionRule"))}
      />
      <SelectField
        label="Verdict scope"
        hint="Every video: a run passes only if each of its videos passes too."
        disabled={disabled}
        error={error("verdictScope")}
        options={[
          { value: "every_video", label: "Every video" },
          { value: "aggregate", label: "Aggregate figures" },
        ]}
        {...form.register(name("verdictScope"))}
      />
    </div>
  );
}

/** Firmware against firmware: the regression gate's limits, and whether a run must name its firmware. */
export function RegressionGateFields({ prefix, disabled }: { prefix?: string; disabled?: boolean }) {
  const { form, name, error } = useField(prefix);
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <InputField
          label="Largest recall drop allowed (δ)"
          hint="Run B may lose at most this much recall against run A, e.g. 0.05 for 5 points."
          type="number"
          inputMode="decimal"
          step="any"
          disabled={disabled}
          error={error("maxRecallDrop")}
          {...form.register(name("maxRecallDrop"), { valueAsNumber: true })}
        />
        <InputField
          label="Largest p95 latency increase allowed (ε)"
          hint="Leave empty not to gate latency."
          type="number"
          inputMode="decimal"
          step="any"
          suffix="ms"
          disabled={disabled}
          error={error("maxP95IncreaseMs")}
          {...form.register(name("maxP95IncreaseMs"), {
            setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v)),
          })}
        />
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="size-4 rounded border-slate-300 text-link"
          disabled={disabled}
          {...form.register(name("requireFirmware"))}
        />
        Every run must state the firmware version under test
      </label>
    </div>
  );
}

const nullableNumber = (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v));

/** The timing chain (DESIGN §12): calibration bounds for the run's rigs, and the clock's. */
export function TimingRulesFields({ prefix, disabled }: { prefix?: string; disabled?: boolean }) {
  const { form, name, error } = useField(prefix);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <InputField
        label="Oldest display calibration allowed"
        hint="Leave empty for no bound. Once a bound is set, an uncalibrated rig breaks it too."
        type="number"
        inputMode="numeric"
        suffix="days"
        disabled={disabled}
        error={error("calibrationMaxAgeDays")}
        {...form.register(name("calibrationMaxAgeDays"), { setValueAs: nullableNumber })}
      />
      <InputField
        label="Largest display latency SD allowed"
        hint="Leave empty for no bound."
        type="number"
        inputMode="decimal"
        step="any"
        suffix="ms"
        disabled={disabled}
        error={error("calibrationMaxSdMs")}
        {...form.register(name("calibrationMaxSdMs"), { setValueAs: nullableNumber })}
      />
      <SelectField
        label="A rig outside these bounds"
        options={[
          { value: "warn", label: "is reported on the results (warn)" },
          { value: "refuse", label: "cannot pass the latency criterion (refuse)" },
        ]}
        disabled={disabled}
        error={error("calibrationRule")}
        {...form.register(name("calibrationRule"))}
      />
      <InputField
        label="Largest clock offset change in a session"
        hint="A session whose rig clock moved more against the server's is flagged."
        type="number"
        inputMode="decimal"
        step="any"
        suffix="ms"
        disabled={disabled}
        error={error("maxClockOffsetChangeMs")}
        {...form.register(name("maxClockOffsetChangeMs"), { valueAsNumber: true })}
      />
    </div>
  );
}
