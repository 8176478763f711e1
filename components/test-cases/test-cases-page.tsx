"use client";
/**
 * The regulation test-case catalog (DESIGN §13): UN R151 and R159 cases with their parameters,
 * the paragraph and table each comes from, and the figures still to verify against the text; and
 * R151's calculator, which turns a case's speeds and impact position into line D and the last
 * point of information, and — given the collision point's time on a video — the event's window.
 */
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { catalogCases, catalogDocuments, type Regulation, regulations } from "@/lib/test-cases/catalog";
import { R151InputError, r151Timing } from "@/lib/test-cases/r151-timing";

const value = (v: unknown) => (v === null ? "—" : String(v));

export function TestCasesPage() {
  const [regulation, setRegulation] = useState<Regulation>("R151");
  const documents = catalogDocuments();
  const doc = documents.find((d) => d.regulation === regulation);
  const cases = catalogCases(regulation);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Test cases</h1>
        <p className="mt-1 text-sm text-slate-600">
          The regulations' test cases a project can take as its requirement set (project → Videos), and the videos can
          be tagged with (video page or library). Each event of a case's video carries its own window — not before,
          deadline — set on the annotation page (N, D) or imported with the ground truth.
        </p>
      </div>
      <R151Calculator />
      <Card
        title={doc?.title ?? regulation}
        description={doc ? `${doc.document}. Read from: ${doc.read_from}` : undefined}
      >
        <div className="mb-3 max-w-xs">
          <SelectField
            label="Regulation"
            value={regulation}
            onChange={(e) => setRegulation(e.target.value as Regulation)}
            options={regulations.map((r) => ({ value: r, label: `UN ${r}` }))}
          />
        </div>
        <ul className="divide-y divide-slate-200">
          {cases.map((c) => (
            <li key={c.id} id={c.id} aria-label={`Case ${c.id}`} className="py-3">
              <p>
                <span className="font-mono text-xs font-semibold">{c.id}</span>{" "}
                <span className="text-sm font-medium">{c.title}</span>
              </p>
              <p className="text-xs text-slate-500">
                §{c.paragraph} · {c.kind === "false-activation" ? "false activation" : "detection"}
              </p>
              <ul className="mt-2 grid gap-x-6 gap-y-1 text-xs sm:grid-cols-2" aria-label={`Parameters of ${c.id}`}>
                {Object.entries(c.parameters).map(([key, v]) => (
                  <li key={key} className="min-w-0">
                    <span className="font-mono">{key}</span> = {value(v)}{" "}
                    <span className="text-slate-500">({c.sources[key]})</span>
                    {c.verify[key] ? (
                      <span className="mt-0.5 block text-amber-800">
                        <Badge tone="warn">verify</Badge> {c.verify[key]}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
              <p className="mt-2 text-xs text-slate-600">{c.timing}</p>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

function R151Calculator() {
  const dynamic = catalogCases("R151").filter(
    (c) => typeof c.parameters.vehicle_speed_kmh === "number" && (c.parameters.vehicle_speed_kmh as number) > 0,
  );
  const [form, setForm] = useState({ vehicle: "10", bicycle: "20", impact: "6", collision: "" });
  const pick = (id: string) => {
    const c = dynamic.find((x) => x.id === id);
    if (!c) return;
    setForm((f) => ({
      ...f,
      vehicle: String(c.parameters.vehicle_speed_kmh),
      bicycle: String(c.parameters.bicycle_speed_kmh),
      impact: String(c.parameters.impact_position_m),
    }));
  };
  let result: ReturnType<typeof r151Timing> | null = null;
  let error: string | null = null;
  try {
    result = r151Timing({
      vehicleSpeedKmh: Number(form.vehicle),
      bicycleSpeedKmh: Number(form.bicycle),
      impactPositionM: Number(form.impact),
      collisionTimeS: form.collision.trim() === "" ? null : Number(form.collision),
    });
  } catch (e) {
    if (!(e instanceof R151InputError)) throw e;
    error = e.message;
  }
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <Card
      title="R151: line D and the last point of information"
      description="Annex 3's formulas: d_c = max(15 m; v·1.4 s + v²/(2·5 m/s²)), d_d = d_c + 4 s·v + (6 m − impact position). Give the collision point's time on the video to place the event's window."
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <SelectField
          label="From a case"
          value=""
          onChange={(e) => pick(e.target.value)}
          options={[{ value: "", label: "Choose…" }, ...dynamic.map((c) => ({ value: c.id, label: c.id }))]}
        />
        <InputField label="Vehicle speed (km/h)" inputMode="decimal" value={form.vehicle} onChange={set("vehicle")} />
        <InputField label="Bicycle speed (km/h)" inputMode="decimal" value={form.bicycle} onChange={set("bicycle")} />
        <InputField label="Impact position (m)" inputMode="decimal" value={form.impact} onChange={set("impact")} />
        <InputField
          label="Collision time on the video (s)"
          inputMode="decimal"
          value={form.collision}
          onChange={set("collision")}
          hint="Optional"
        />
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {result ? (
        <dl className="mt-4 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2" aria-label="R151 timing">
          <dt className="text-slate-600">Line C, last point of information, before the collision point</dt>
          <dd className="tabular-nums">
            {result.dCM.toFixed(2)} m · {(-result.lpiS).toFixed(3)} s before
          </dd>
          <dt className="text-slate-600">Line D before the collision point</dt>
          <dd className="tabular-nums">
            {result.dDM.toFixed(2)} m · {(-result.lineDS).toFixed(3)} s before
          </dd>
          <dt className="text-slate-600">Bicycle's run from line A</dt>
          <dd className="tabular-nums">{result.dAM.toFixed(2)} m (8 s)</dd>
          {result.window ? (
            <>
              <dt className="text-slate-600">not_before on the video</dt>
              <dd className="font-semibold tabular-nums" data-not-before>
                {result.window.notBeforeS.toFixed(3)} s
              </dd>
              <dt className="text-slate-600">deadline on the video</dt>
              <dd className="font-semibold tabular-nums" data-deadline>
                {result.window.deadlineS.toFixed(3)} s
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {result?.window && result.window.notBeforeS < 0 ? (
        <Alert tone="info">The video starts after line D: the whole video up to the deadline is in the window.</Alert>
      ) : null}
    </Card>
  );
}
