import { Heading, Paragraph } from '@utrecht/component-library-react';
import type { RegionSummary } from '../api-types';
import { AppLink, landscapePath } from '../router';

/** The anonymous start page: what Regiekamer Jeugd is, in a few lines, and the regions to choose from. */
export function HomePage({ regions }: { regions: RegionSummary[] }) {
  return (
    <div className="rk-home" data-testid="home">
      <div className="rk-titlebar">
        <Heading level={1}>Regiekamer Jeugd</Heading>
      </div>
      <Paragraph className="rk-lead">
        Regiekamer Jeugd ondersteunt jeugdhulpregio’s bij de hele inkoopcyclus: het zorglandschap van de regio, toegang en toewijzing, berichtenverkeer met
        aanbieders, bekostiging, inkoop en contractmanagement, en sturing.
      </Paragraph>
      <Paragraph>
        Het landschap en het zorggebruik van een regio zijn openbaar. Medewerkers van lokale teams, gemeenten, aanbieders en de regio loggen in en komen dan op
        hun eigen werk.
      </Paragraph>
      <Heading level={2}>Kies een regio</Heading>
      <ul className="rk-home__regions" data-testid="home-regions">
        {regions.map((r) => (
          <li key={r.id}>
            <AppLink href={landscapePath(r.id)}>{r.name}</AppLink>
            <span className="rk-home__meta">
              {' '}
              · {r.municipalityCount} {r.municipalityCount === 1 ? 'gemeente' : 'gemeenten'}, {r.segmentCount} {r.segmentCount === 1 ? 'segment' : 'segmenten'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
