/** What a run tested, as its pages state it: firmware, software id (e.g. an RXSWIN) and notes. */
export function SoftwareIdentity({
  run,
}: {
  run: { id: string; firmwareVersion: string | null; softwareId: string | null; softwareNotes: string | null };
}) {
  return (
    <div className="mt-1 space-y-0.5 text-sm text-slate-600">
      <p>
        Firmware{" "}
        {run.firmwareVersion ? (
          <span className="font-mono">{run.firmwareVersion}</span>
        ) : (
          <span className="text-slate-500">not stated</span>
        )}
        {run.softwareId ? (
          <>
            {" "}
            · software id <span className="font-mono break-all">{run.softwareId}</span>
          </>
        ) : null}{" "}
        · run <span className="font-mono">{run.id.slice(0, 8)}</span>
      </p>
      {run.softwareNotes ? <p className="whitespace-pre-line text-slate-500">{run.softwareNotes}</p> : null}
    </div>
  );
}
