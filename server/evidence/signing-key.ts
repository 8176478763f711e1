/**
 * The instance's Ed25519 key that signs evidence bundles (DESIGN §11): the PEM file named by
 * SIGHTLINE_SIGNING_KEY_FILE, or one generated at first use and kept in the data dir with mode
 * 600. Several processes sharing a data dir share the key; several machines must share the file.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env";

export type SigningKey = { privateKey: KeyObject; publicKey: KeyObject; file: string };

function parse(pem: string, file: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`the signing key ${file} is not a private key in PEM: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(
      `the signing key ${file} is a ${privateKey.asymmetricKeyType} key; evidence is signed with Ed25519`,
    );
  }
  return { privateKey, publicKey: createPublicKey(privateKey), file };
}

let cached: SigningKey | undefined;

export function instanceSigningKey(): SigningKey {
  if (cached) return cached;
  const given = env.SIGHTLINE_SIGNING_KEY_FILE;
  if (given) {
    let pem: string;
    try {
      pem = readFileSync(given, "utf8");
    } catch (error) {
      throw new Error(`SIGHTLINE_SIGNING_KEY_FILE ${given} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
    cached = parse(pem, given);
    return cached;
  }
  const file = path.join(env.SIGHTLINE_DATA_DIR, "signing-key.pem");
  try {
    const pem = readFileSync(file, "utf8");
    // Kept readable by its owner only, whatever restored it from a backup.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    cached = parse(pem, file);
    return cached;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(env.SIGHTLINE_DATA_DIR, { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  try {
    // "wx": if another process created it meanwhile, this fails and theirs is read.
    writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  cached = parse(readFileSync(file, "utf8"), file);
  return cached;
}

export const publicKeyPem = (key: KeyObject): string => key.export({ type: "spki", format: "pem" }).toString();

/** SHA-256 of the public key (DER), as "SHA256:" and colon-separated hex pairs, to compare by eye. */
export function fingerprintOf(key: KeyObject): string {
  const hex = createHash("sha256")
    .update(key.export({ type: "spki", format: "der" }))
    .digest("hex");
  return `SHA256:${hex.match(/../g)?.join(":")}`;
}

export function publicKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new Error(`${source} is not a public key in PEM: ${(error as Error).message}`, { cause: error });
  }
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`${source} is a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

export const signBytes = (bytes: Buffer, key: KeyObject): string => sign(null, bytes, key).toString("base64");

export function signatureHolds(bytes: Buffer, signature: string, key: KeyObject): boolean {
  const raw = Buffer.from(signature.trim(), "base64");
  return raw.length === 64 && verify(null, bytes, key, raw);
}
