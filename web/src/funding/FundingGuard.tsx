import { Alert, Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import type { SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { roleLabel } from '../labels';
import { FRAMEWORK_ROLES, FUNDING_ROLES } from './fundingLabels';

const WHO =
  'Financiële gegevens zijn er voor de controller, de contractmanager en de beleidsadviseur van de regio, voor gemeenten (hun eigen inwoners) en voor aanbieders (hun eigen declaraties en betalingen).';

function DemoHint({ regionId }: { regionId: string }) {
  return (
    <Paragraph className="rk-fin-hint">
      Demo: log in als <span className="rk-code">controller.{regionId}</span> met wachtwoord <span className="rk-code">demo</span>.
    </Paragraph>
  );
}

export function LoginRequired({ regionId }: { regionId: string }) {
  return (
    <Alert type="info" className="rk-alert" data-testid="funding-login-required">
      <Paragraph>
        <strong>Log in om de financiën te zien.</strong>
      </Paragraph>
      <Paragraph>
        {WHO} Gebruik het <a href="#login-username">inlogformulier</a> bovenaan de pagina.
      </Paragraph>
      <DemoHint regionId={regionId} />
    </Alert>
  );
}

function NotAllowed({ user, regionId, reason }: { user: SessionUser; regionId: string; reason: string }) {
  return (
    <Alert type="warning" className="rk-alert" data-testid="funding-role-required">
      <Paragraph>
        <strong>{reason}</strong>
      </Paragraph>
      <Paragraph>
        U bent ingelogd als {roleLabel(user.role).toLowerCase()}
        {user.regionId && user.regionId !== regionId ? ' in een andere regio' : ''}. {WHO}
      </Paragraph>
      <DemoHint regionId={regionId} />
    </Alert>
  );
}

/**
 * Renders a funding view only for a user who may see it; otherwise says why and which account
 * would. `framework` views exclude providers (the budget framework is the municipalities').
 */
export function FundingGuard({
  user,
  regionId,
  framework,
  children,
}: {
  user: SessionUser | null | undefined;
  regionId: string;
  framework: boolean;
  children: (user: SessionUser) => ReactNode;
}) {
  if (user === undefined) return <Paragraph aria-busy="true">Sessie wordt gecontroleerd…</Paragraph>;
  if (user === null) return <LoginRequired regionId={regionId} />;
  if (user.regionId !== null && user.regionId !== regionId)
    return <NotAllowed user={user} regionId={regionId} reason="Uw account hoort bij een andere regio." />;
  if (!FUNDING_ROLES.includes(user.role)) return <NotAllowed user={user} regionId={regionId} reason="Uw rol heeft geen toegang tot financiële gegevens." />;
  if (framework && !FRAMEWORK_ROLES.includes(user.role)) {
    return <NotAllowed user={user} regionId={regionId} reason="Het financieel kader is alleen zichtbaar voor de regio en de gemeenten." />;
  }
  return <>{children(user)}</>;
}

/** An API error on a funding view: 401 and 403 as a hint (log in, other account), others as an error. */
export function FundingProblem({ error, regionId }: { error: ApiError; regionId: string }) {
  const status = error.problem.status;
  if (status === 401) return <LoginRequired regionId={regionId} />;
  return (
    <>
      <ProblemAlert error={error} type={status === 403 ? 'warning' : 'error'} />
      {status === 403 && <DemoHint regionId={regionId} />}
    </>
  );
}

/** "… wordt geladen…" with aria-busy, as on the other pages. */
export function Loading({ what }: { what: string }) {
  return (
    <Paragraph aria-busy="true" className="rk-fin-loading">
      {what} wordt geladen…
    </Paragraph>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Alert type="info" className="rk-alert" data-testid="funding-empty">
      <Paragraph>{children}</Paragraph>
    </Alert>
  );
}
