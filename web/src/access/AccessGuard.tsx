import { Alert, Heading, Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import type { SessionUser } from '../api-types';
import { roleLabel } from '../labels';

/** Roles that work with individual cases: the local team (toegang) and the municipality (gemeente). */
export const ACCESS_ROLES = ['toegang', 'gemeente'];

/**
 * Renders the access screens only for logged-in toegang and gemeente users of this region; others
 * get an information alert that says why and what to do.
 */
export function AccessGuard(props: {
  user: SessionUser | null | undefined;
  regionId: string;
  regionName: string;
  title: string;
  children: (user: SessionUser) => ReactNode;
}) {
  const { user, children } = props;
  if (user && ACCESS_ROLES.includes(user.role) && (user.regionId === null || user.regionId === props.regionId)) return <>{children(user)}</>;
  return (
    <>
      <div className="rk-titlebar">
        <p className="rk-pretitle">{props.regionName}</p>
        <Heading level={1}>{props.title}</Heading>
      </div>
      <Blocked user={user} regionId={props.regionId} />
    </>
  );
}

function Blocked({ user, regionId }: { user: SessionUser | null | undefined; regionId: string }) {
  if (user === undefined) return <Paragraph aria-busy="true">Sessie wordt gecontroleerd…</Paragraph>;
  if (user === null) {
    return (
      <Alert type="info" className="rk-alert" data-testid="access-login-required">
        <Paragraph>
          <strong>Log in om de werklijst en casussen te zien.</strong>
        </Paragraph>
        <Paragraph>
          De werklijst bevat persoonsgegevens van jeugdigen en is alleen beschikbaar voor medewerkers van het lokale team (toegang) en van de gemeente. Gebruik
          het <a href="#login-username">inlogformulier</a> bovenaan de pagina.
        </Paragraph>
      </Alert>
    );
  }
  return (
    <Alert type="info" className="rk-alert" data-testid="access-role-required">
      <Paragraph>
        <strong>Uw account heeft geen toegang tot casussen in deze regio.</strong>
      </Paragraph>
      <Paragraph>
        U bent ingelogd als {roleLabel(user.role).toLowerCase()}
        {user.regionId && user.regionId !== regionId ? ` in een andere regio` : ''}. De werklijst en casussen zijn er voor het lokale team (toegang) en de
        gemeente; andere rollen zien alleen geaggregeerde cijfers.
      </Paragraph>
    </Alert>
  );
}
