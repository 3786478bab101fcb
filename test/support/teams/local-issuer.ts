import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/**
 * A stand-in for the Bot Framework token service: OpenID metadata and a JWKS on 127.0.0.1 with a key
 * it generated, and tokens signed the way the Bot Connector signs what it sends to a bot.
 */
export interface LocalIssuer {
  /** `ToBotFromChannelOpenIdMetadataUrl`. */
  metadataUrl: string;
  /** `ToBotFromChannelTokenIssuer` (the `iss` of good tokens). */
  issuer: string;
  /** Requests served, by path (the metadata must actually be read). */
  hits: string[];
  sign(
    claims: JWTPayload,
    opts?: { key?: 'good' | 'stranger'; expiresInSec?: number; issuedAgoSec?: number },
  ): Promise<string>;
  close(): Promise<void>;
}

const KID = 'local-bf-key-1';

export async function startLocalIssuer(): Promise<LocalIssuer> {
  const good = await generateKeyPair('RS256', { extractable: true });
  // Same kid, other key: what a forged signature looks like to the verifier.
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk = {
    ...(await exportJWK(good.publicKey)),
    kid: KID,
    use: 'sig',
    alg: 'RS256',
    endorsements: ['msteams', 'emulator'],
  };
  const hits: string[] = [];
  let base = '';

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration') {
      return send({
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (path === '/keys') return send({ keys: [jwk] });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    metadataUrl: `${base}/.well-known/openid-configuration`,
    issuer: base,
    hits,
    async sign(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000) - (opts.issuedAgoSec ?? 0);
      const key: CryptoKey = (opts.key === 'stranger' ? stranger : good).privateKey;
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuer(claims.iss ?? base)
        .setIssuedAt(now)
        .setNotBefore(now - 60)
        .setExpirationTime(now + (opts.expiresInSec ?? 3600))
        .sign(key);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
