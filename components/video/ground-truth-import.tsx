"use client";
/**
 * Imports a video's ground truth in two steps: a preview (format, counts per class, the first
 * problems) and, only when the file has no problem, the import itself, which replaces the
 * earlier import.
 */
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { type RouterOutputs, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { FieldFrame } from "@/components/ui/field";
import { plural } from "@/components/ui/plural";

type Preview = RouterOutputs["groundTruth"]["preview"];

export function GroundTruthImport({ videoId, onImported }: { videoId: string; onImported: () => void }) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.groundTruth.preview.mutationOptions());
  const importing = useMutation(trpc.groundTruth.import.mutationOptions());
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [shown, setShown] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const check = async () => {
    if (!file) return setError("Choose a CVAT XML, MOT, CSV or JSON file");
    setError(null);
    setDone(null);
    try {
      setShown(await preview.mutateAsync({ videoId, fileName: file.name, content: file.content }));
    } catch (e) {
      setShown(null);
      setError((e as Error).message.replace(/^content: /, ""));
    }
  };
  const write = async () => {
    if (!file) return;
    try {
      const result = await importing.mutateAsync({ videoId, fileName: file.name, content: file.content });
      setDone(`Imported ${plural(result.imported, "event")} from ${file.name}.`);
      setShown(null);
      onImported();
    } catch (e) {
      setError((e as Error).message.replace(/^content: /, ""));
    }
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <FieldFrame
          label="Ground-truth file"
          error={error ?? undefined}
          hint="CVAT for video 1.1 XML, MOT-challenge text, CSV with a header (onset, offset, class; or onset_ms, …) or JSON."
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="file"
              accept=".xml,.csv,.json,.txt"
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
              onChange={async (e) => {
                const picked = e.target.files?.[0];
                setShown(null);
                setDone(null);
                setFile(picked ? { name: picked.name, content: await picked.text() } : null);
              }}
              className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
            />
          )}
        </FieldFrame>
        <Button variant="secondary" pending={preview.isPending} onClick={check}>
          Preview
        </Button>
      </div>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {shown ? (
        <section aria-label="Import preview" className="space-y-3 rounded-md bg-slate-50 p-4">
          <p className="text-sm">
            {shown.format.toUpperCase()} · {plural(shown.events, "event")} (
            {Object.entries(shown.byClass)
              .map(([c, n]) => `${n} ${c}`)
              .join(", ") || "none"}
            )
          </p>
          {shown.problemCount ? (
            <>
              <Alert>
                {shown.problemCount} problem{shown.problemCount === 1 ? "" : "s"}: fix the file and preview it again.
                Nothing was written.
              </Alert>
              <DataTable columns={["Where", "Problem"]}>
                {shown.problems.map((p) => (
                  <tr key={`${p.where}|${p.message}`}>
                    <td className="py-1 pr-4 text-xs text-slate-600">{p.where}</td>
                    <td className="py-1 text-sm">{p.message}</td>
                  </tr>
                ))}
              </DataTable>
            </>
          ) : (
            <Button pending={importing.isPending} onClick={write}>
              Import {plural(shown.events, "event")}
            </Button>
          )}
        </section>
      ) : null}
    </div>
  );
}
