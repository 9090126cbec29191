import { Heading, Paragraph } from '@utrecht/component-library-react';
import type { Landscape, SessionUser } from '../api-types';
import { request } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import {
  AppLink,
  casePath,
  contractPath,
  contractsPath,
  declarationPath,
  declarationsPath,
  fundingPath,
  landscapePath,
  procedurePath,
  worklistPath,
} from '../router';
import { useResource } from '../useResource';
import type { MyWork, WorkTarget } from '../../../src/app/my-work';

const nlDate = (iso: string) => iso.split('-').reverse().join('-');

function hrefOf(regionId: string, t: WorkTarget): string {
  switch (t.page) {
    case 'case':
      return casePath(regionId, t.id!);
    case 'procedure':
      return procedurePath(regionId, t.id!);
    case 'contract':
      return contractPath(regionId, t.id!);
    case 'declaration':
      return declarationPath(regionId, t.id!);
    case 'worklist':
      return worklistPath(regionId);
    case 'contracts':
      return contractsPath(regionId);
    case 'declarations':
      return declarationsPath(regionId);
    case 'funding':
      return fundingPath(regionId);
    default:
      return landscapePath(regionId);
  }
}

/** "Mijn werk": what the logged-in user's role has to do in this region, per section with links. */
export default function MyWorkPage({ landscape, user }: { landscape: Landscape; user: SessionUser | null | undefined }) {
  const regionId = landscape.region.id;
  const work = useResource(
    (signal) => (user ? request<MyWork>('GET', `/regions/${encodeURIComponent(regionId)}/my-work`, undefined, signal) : Promise.resolve(null)),
    [regionId, user?.username],
  );
  return (
    <div className="rk-mywork" data-testid="my-work">
      <div className="rk-titlebar">
        <p className="rk-pretitle">{landscape.region.name}</p>
        <Heading level={1}>Mijn werk</Heading>
      </div>
      {user === null && <Paragraph>Log in om uw werk te zien.</Paragraph>}
      {work.state === 'error' && <ProblemAlert error={work.error} />}
      {work.state === 'loading' && user && <Paragraph aria-busy="true">Uw werk wordt geladen…</Paragraph>}
      {work.state === 'ready' && work.data && (
        <>
          <Paragraph className="rk-lead">
            Ingelogd als {work.data.roleLabel.toLowerCase()}
            {user?.municipalityName ? ` van gemeente ${user.municipalityName}` : user?.providerName ? ` (${user.providerName})` : ''}.
          </Paragraph>
          <div className="rk-mywork__grid">
            {work.data.sections.map((s) => (
              <section key={s.id} className="rk-mywork__section" aria-labelledby={`mw-${s.id}`} data-testid={`my-work-${s.id}`}>
                <Heading level={2} id={`mw-${s.id}`}>
                  {s.title} <span className="rk-mywork__count">({s.total})</span>
                </Heading>
                {s.items.length === 0 ? (
                  <Paragraph className="rk-mywork__empty">{s.empty}</Paragraph>
                ) : (
                  <ul className="rk-mywork__items">
                    {s.items.map((i, n) => (
                      <li key={n}>
                        {i.target ? <AppLink href={hrefOf(regionId, i.target)}>{i.text}</AppLink> : <strong>{i.text}</strong>}
                        {i.due && <span className="rk-mywork__due"> · {nlDate(i.due)}</span>}
                        {i.detail && <div className="rk-mywork__detail">{i.detail}</div>}
                      </li>
                    ))}
                  </ul>
                )}
                {s.more && s.total > s.items.length && (
                  <Paragraph>
                    <AppLink href={hrefOf(regionId, s.more)}>Alle {s.total} bekijken</AppLink>
                  </Paragraph>
                )}
              </section>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
