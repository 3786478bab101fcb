import { createHash } from 'node:crypto';

/* PKCE as the platform enforces it: S256 only, a 43-character base64url challenge, an RFC 7636 verifier. */

export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export const isS256Challenge = (challenge: string) => /^[A-Za-z0-9_-]{43}$/.test(challenge);

/** True when the verifier is well formed and hashes to the challenge. */
export const verifierMatches = (verifier: string, challenge: string) =>
  /^[A-Za-z0-9._~-]{43,128}$/.test(verifier) && s256(verifier) === challenge;
