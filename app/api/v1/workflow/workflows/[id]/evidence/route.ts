import { runEvidence } from "@/server/evidence/run-evidence";
import { tarOf } from "@/server/evidence/tar";
import { pathId, restRoute } from "@/server/rest/rest-route";

/** GET workflows/{id}/evidence: the run's signed evidence bundle, as a tar of its folder. */
export const GET = restRoute("viewer", async ({ params }) => {
  const id = pathId(params, "workflow");
  const bundle = await runEvidence(id);
  const folder = `sightline-evidence-${id.slice(0, 8)}`;
  const tar = tarOf([...bundle.files].map(([name, content]) => ({ name: `${folder}/${name}`, content })));
  return new Response(new Uint8Array(tar), {
    headers: {
      "content-type": "application/x-tar",
      "content-disposition": `attachment; filename="${folder}.tar"`,
      "cache-control": "no-store",
    },
  });
});
