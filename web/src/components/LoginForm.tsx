import { useState, type FormEvent } from 'react';
import { Button, ButtonLink, FormLabel, Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { ApiError, api } from '../api';
import type { SessionUser } from '../api-types';
import { roleLabel } from '../labels';
import { useResource } from '../useResource';
import { ProblemAlert } from './ProblemAlert';

/**
 * Username/password login; with OpenID Connect configured also "Inloggen met uw organisatie" (a
 * full-page navigation to the organisation's login); in demo mode a select fills in a demo account.
 */
export function LoginForm({ onLogin }: { onLogin: (user: SessionUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const methods = useResource((signal) => api.session(signal), []);
  const login = methods.state === 'ready' ? methods.data.login : undefined;
  const demo = useResource((signal) => (login?.demo ? api.demoAccounts(signal) : Promise.resolve({ accounts: [] })), [login?.demo]);
  const accounts = demo.state === 'ready' ? demo.data.accounts : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin((await api.login(username, password)).user);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ title: 'Inloggen mislukt', status: 0, detail: String(err) }));
    } finally {
      setBusy(false);
    }
  };

  const pickDemo = (name: string) => {
    const account = accounts.find((a) => a.username === name);
    setUsername(account?.username ?? '');
    setPassword(account?.password ?? '');
  };

  return (
    <form className="rk-login" data-testid="login-form" aria-label="Inloggen" onSubmit={submit}>
      {login?.oidc && (
        <ButtonLink href="/api/v1/oidc/login" appearance="primary-action-button" className="rk-login__oidc">
          Inloggen met uw organisatie
        </ButtonLink>
      )}
      {accounts.length > 0 && (
        <div className="rk-field">
          <FormLabel htmlFor="login-demo">Demo-account</FormLabel>
          <Select id="login-demo" value={accounts.some((a) => a.username === username) ? username : ''} onChange={(e) => pickDemo(e.target.value)}>
            <SelectOption value="">Kies een demo-account</SelectOption>
            {accounts.map((a) => (
              <SelectOption key={a.username} value={a.username}>
                {a.displayName} ({roleLabel(a.role)}, {a.scope})
              </SelectOption>
            ))}
          </Select>
        </div>
      )}
      <div className="rk-field">
        <FormLabel htmlFor="login-username">Gebruikersnaam</FormLabel>
        <Textbox id="login-username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      </div>
      <div className="rk-field">
        <FormLabel htmlFor="login-password">Wachtwoord</FormLabel>
        <Textbox
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
        Inloggen
      </Button>
      {error && (
        <div className="rk-login__error">
          <ProblemAlert error={error} />
        </div>
      )}
    </form>
  );
}
