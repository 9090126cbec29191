/**
 * Security configuration of the server, read from the environment by `serve` (documented in the
 * README, "Running in production"). Tests pass the same structure to buildServer directly.
 */
import { readFileSync } from 'node:fs';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Where the OpenID provider sends the user back: https://host/api/v1/oidc/callback. */
  redirectUrl: string;
  /** Claims carrying the role, the region, the municipality (CBS code) and the provider (AGB code). */
  claims: { role: string; region: string; municipality: string; provider: string; username: string };
  /** claims: accounts are made and updated from the claims; admin: an administrator makes them (`users add --oidc`). */
  provisioning: 'claims' | 'admin';
  scope: string;
}

export interface SecurityConfig {
  /** Minutes without a request after which a session ends. */
  idleMinutes: number;
  /** Origins besides the server's own that may send state-changing requests with the session cookie. */
  allowedOrigins: string[];
  /** Trust X-Forwarded-* from a reverse proxy (true, or its addresses), for the client address and https. */
  trustProxy: boolean | string;
  /** Serve HTTPS directly. */
  tls?: { cert: Buffer; key: Buffer };
  /** Time a client has to send its whole request body. */
  bodyTimeoutMs: number;
  oidc?: OidcConfig;
}

export const DEFAULT_SECURITY: SecurityConfig = { idleMinutes: 30, allowedOrigins: [], trustProxy: false, bodyTimeoutMs: 60_000 };

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} moet een positief geheel getal zijn, niet "${raw}"`);
  return n;
}

/** Reads REGIEKAMER_* settings; throws with a Dutch message naming the variable when one is wrong. */
export function securityFromEnv(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const trust = env.REGIEKAMER_TRUST_PROXY ?? '';
  const cfg: SecurityConfig = {
    idleMinutes: positive(env, 'REGIEKAMER_IDLE_MINUTES', DEFAULT_SECURITY.idleMinutes),
    allowedOrigins: (env.REGIEKAMER_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: trust === '' || trust === 'false' ? false : trust === 'true' ? true : trust,
    bodyTimeoutMs: positive(env, 'REGIEKAMER_BODY_TIMEOUT_SECONDS', DEFAULT_SECURITY.bodyTimeoutMs / 1000) * 1000,
  };
  for (const o of cfg.allowedOrigins)
    if (!/^https?:\/\/[^/]+$/.test(o)) throw new Error(`REGIEKAMER_ALLOWED_ORIGINS: "${o}" is geen origin (scheme://host[:poort])`);
  if (env.REGIEKAMER_TLS_CERT || env.REGIEKAMER_TLS_KEY) {
    if (!env.REGIEKAMER_TLS_CERT || !env.REGIEKAMER_TLS_KEY) throw new Error('REGIEKAMER_TLS_CERT en REGIEKAMER_TLS_KEY horen bij elkaar');
    cfg.tls = { cert: readFileSync(env.REGIEKAMER_TLS_CERT), key: readFileSync(env.REGIEKAMER_TLS_KEY) };
  }
  if (env.REGIEKAMER_OIDC_ISSUER) {
    const need = (name: string) => {
      const v = env[name];
      if (!v) throw new Error(`${name} ontbreekt (nodig met REGIEKAMER_OIDC_ISSUER)`);
      return v;
    };
    const provisioning = env.REGIEKAMER_OIDC_PROVISIONING ?? 'claims';
    if (provisioning !== 'claims' && provisioning !== 'admin') throw new Error(`REGIEKAMER_OIDC_PROVISIONING is claims of admin, niet "${provisioning}"`);
    cfg.oidc = {
      issuer: env.REGIEKAMER_OIDC_ISSUER,
      clientId: need('REGIEKAMER_OIDC_CLIENT_ID'),
      ...(env.REGIEKAMER_OIDC_CLIENT_SECRET ? { clientSecret: env.REGIEKAMER_OIDC_CLIENT_SECRET } : {}),
      redirectUrl: need('REGIEKAMER_OIDC_REDIRECT_URL'),
      claims: {
        role: env.REGIEKAMER_OIDC_ROLE_CLAIM ?? 'regiekamer_rol',
        region: env.REGIEKAMER_OIDC_REGION_CLAIM ?? 'regiekamer_regio',
        municipality: env.REGIEKAMER_OIDC_MUNICIPALITY_CLAIM ?? 'regiekamer_gemeente',
        provider: env.REGIEKAMER_OIDC_PROVIDER_CLAIM ?? 'regiekamer_agb',
        username: env.REGIEKAMER_OIDC_USERNAME_CLAIM ?? 'preferred_username',
      },
      provisioning,
      scope: env.REGIEKAMER_OIDC_SCOPE ?? 'openid profile regiekamer',
    };
  }
  return cfg;
}
