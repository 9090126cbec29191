/**
 * A real OpenID provider (the `oidc-provider` package) for tests, in-process on a local port, with
 * its development login form (any password) and a few accounts whose claims carry the Regiekamer
 * role, region, municipality or provider. Consent is implied for the one client (first-party app).
 */
import { createServer, type Server } from 'node:http';
// oidc-provider ships no type declarations; this test helper uses it loosely.
// @ts-expect-error no types
import Provider from 'oidc-provider';

type KoaContextWithOIDC = any;
type Configuration = Record<string, unknown>;

export interface TestAccount {
  name: string;
  preferred_username: string;
  regiekamer_rol?: string;
  regiekamer_regio?: string;
  regiekamer_gemeente?: string;
  regiekamer_agb?: string;
}

export interface TestOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const CLAIMS = ['regiekamer_rol', 'regiekamer_regio', 'regiekamer_gemeente', 'regiekamer_agb'];

export async function startOidcProvider(port: number, redirectUri: string, accounts: Record<string, TestAccount>): Promise<TestOidc> {
  const issuer = `http://localhost:${port}`;
  const clientId = 'regiekamer';
  const clientSecret = 'test-geheim-van-de-client-0123456789';
  const configuration: Configuration = {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], regiekamer: CLAIMS },
    scopes: ['openid', 'profile', 'regiekamer'],
    cookies: { keys: ['test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const a = accounts[id];
      if (!a) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...a }) };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const session = ctx.oidc.session!;
      const client = ctx.oidc.client!;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
      grant.addOIDCScope('openid profile regiekamer');
      grant.addOIDCClaims(['name', 'preferred_username', ...CLAIMS]);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
