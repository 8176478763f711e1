/** Rig tokens: bearer secrets (server/auth/secret-token.ts) with their own prefix. */
import { hashSecretToken, newSecretToken } from "../../auth/secret-token";

const RIG_TOKEN_PREFIX = "slr_";

export function newRigToken(): string {
  return newSecretToken(RIG_TOKEN_PREFIX);
}

export const hashRigToken = hashSecretToken;
