/**
 * OpenID Connect login (authorization code flow with PKCE, openid-client): GET /oidc/login sends
 * the browser to the organisation's OpenID provider, GET /oidc/callback takes the code back,
 * checks state, nonce and PKCE, reads the claims and logs the user in with the session cookie.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as client from 'openid-client';
import { loginWithOidc } from '../app/auth.js';
import { AppError } from '../app/errors.js';
import type { OidcConfig } from './config.js';
import { problem, sessionCookieOptions, SESSION_COOKIE, type Ctx } from './context.js';

const FLOW_COOKIE = 'rk_oidc';
const FLOW_PATH = '/api/v1/oidc';

/** Loopback issuers over plain http are allowed (tests, a provider on the same machine); others need https. */
function loopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export async function registerOidcRoutes(api: FastifyInstance, ctx: Ctx, cfg: OidcConfig): Promise<void> {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= (async () => {
      const issuer = new URL(cfg.issuer);
      const insecure = loopbackHttp(issuer);
      const c = await client.discovery(issuer, cfg.clientId, cfg.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
      return c;
    })().catch((e: unknown) => {
      discovered = undefined; // try again with the next login
      throw e;
    });
    return discovered;
  };
  const unreachable = (reply: FastifyReply, e: unknown) => {
    api.log.warn({ event: 'oidc-error', err: e instanceof Error ? e.message : String(e) }, 'OpenID provider error');
    return problem(
      reply,
      502,
      'Inloggen bij uw organisatie mislukt',
      'de inlogdienst van uw organisatie antwoordde niet zoals verwacht; probeer het later opnieuw',
    );
  };

  api.get('/oidc/login', { schema: { tags: ['session'], summary: "Start a login at the organisation's OpenID provider (redirect)" } }, async (req, reply) => {
    let c: client.Configuration;
    try {
      c = await configuration();
    } catch (e) {
      return unreachable(reply, e);
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(c, {
      redirect_uri: cfg.redirectUrl,
      scope: cfg.scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // The flow's secrets wait in an HttpOnly cookie for the callback (Lax: the callback is a cross-site navigation).
    reply.setCookie(FLOW_COOKIE, JSON.stringify({ verifier, state, nonce }), {
      path: FLOW_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      maxAge: 600,
    });
    return reply.redirect(url.href, 302);
  });

  api.get(
    '/oidc/callback',
    { schema: { tags: ['session'], summary: 'Return from the OpenID provider: logs in with the session cookie and goes to the app' } },
    async (req, reply) => {
      let flow: { verifier: string; state: string; nonce: string };
      try {
        flow = JSON.parse(req.cookies[FLOW_COOKIE] ?? '');
        if (typeof flow.verifier !== 'string' || typeof flow.state !== 'string' || typeof flow.nonce !== 'string') throw new Error('flow');
      } catch {
        return problem(reply, 400, 'Inloggen verlopen', 'de inlogpoging is verlopen of niet hier begonnen; begin opnieuw met "Inloggen met uw organisatie"');
      }
      reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
      let c: client.Configuration;
      try {
        c = await configuration();
      } catch (e) {
        return unreachable(reply, e);
      }
      let claims: Record<string, unknown>;
      try {
        const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        const tokens = await client.authorizationCodeGrant(c, new URL(cfg.redirectUrl + query), {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims()!;
        const info = await client.fetchUserInfo(c, tokens.access_token, idClaims.sub);
        claims = { ...idClaims, ...info };
      } catch (e) {
        // The provider unreachable: 502; anything else (state, nonce, PKCE, refused code...): not confirmed.
        if (e instanceof TypeError || (e as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return unreachable(reply, e);
        req.log.warn({ event: 'oidc-refused', code: (e as { code?: string }).code, error: (e as { error?: string }).error }, 'OpenID login refused');
        return problem(reply, 401, 'Inloggen mislukt', 'uw organisatie heeft de inlog niet bevestigd; begin opnieuw met "Inloggen met uw organisatie"');
      }
      const str = (name: string) => (typeof claims[name] === 'string' && (claims[name] as string).length > 0 ? (claims[name] as string) : undefined);
      const sub = String(claims.sub);
      const username = str(cfg.claims.username) ?? str('email') ?? sub;
      try {
        const { token, user } = await loginWithOidc(
          ctx.db,
          {
            subject: `${cfg.issuer} ${sub}`,
            username,
            displayName: str('name') ?? username,
            ...(str(cfg.claims.role) ? { role: str(cfg.claims.role)! } : {}),
            ...(str(cfg.claims.region) ? { regionId: str(cfg.claims.region)! } : {}),
            ...(str(cfg.claims.municipality) ? { municipalityCode: str(cfg.claims.municipality)! } : {}),
            ...(str(cfg.claims.provider) ? { providerAgb: str(cfg.claims.provider)! } : {}),
          },
          cfg.provisioning,
          ctx.now(),
        );
        req.log.info({ event: 'login', method: 'oidc', role: user.role }, 'login');
        reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(req));
        return reply.redirect(user.regionId ? `/regio/${user.regionId}` : '/', 302);
      } catch (e) {
        if (e instanceof AppError) {
          req.log.warn({ event: 'login-failed', method: 'oidc', status: e.status }, 'OpenID login refused by Regiekamer');
          return problem(reply, e.status, e.title, e.message);
        }
        throw e;
      }
    },
  );
}
