import type { Metadata } from "next";
import { SettingsPage } from "@/components/settings/settings-page";
import { fingerprintOf, instanceSigningKey, publicKeyPem } from "@/server/evidence/signing-key";

export const metadata: Metadata = { title: "Settings" };
// The instance's key is read (or made) when the page is asked for, never at build time.
export const dynamic = "force-dynamic";

export default function Page() {
  const key = instanceSigningKey().publicKey;
  return <SettingsPage evidenceKey={{ pem: publicKeyPem(key), fingerprint: fingerprintOf(key) }} />;
}
