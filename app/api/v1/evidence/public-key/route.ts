import { fingerprintOf, instanceSigningKey, publicKeyPem } from "@/server/evidence/signing-key";

/** The public key that verifies this instance's evidence bundles (PEM); open, as it is meant to be shared. */
export function GET(): Response {
  const key = instanceSigningKey().publicKey;
  return new Response(publicKeyPem(key), {
    headers: {
      "content-type": "application/x-pem-file",
      "x-sightline-key-fingerprint": fingerprintOf(key),
      "cache-control": "no-store",
    },
  });
}
