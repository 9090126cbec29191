import '../styles/care.css';
import { Alert, Heading, Paragraph } from '@utrecht/component-library-react';
import { useCallback, type ReactNode } from 'react';
import { api } from '../api';
import type { Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { useResource } from '../useResource';
import { ConcentrationSection } from './ConcentrationSection';
import { MunicipalityTable } from './MunicipalityTable';
import { SegmentSection } from './SegmentSection';
import { YearSection } from './YearSection';

function Section({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section className="rk-section" aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      <Paragraph className="rk-section__intro">{intro}</Paragraph>
      {children}
    </section>
  );
}

function LoginRequired() {
  return (
    <Alert type="info" className="rk-alert">
      <Paragraph>
        <strong>Log in om het zorggebruik te zien.</strong>
      </Paragraph>
      <Paragraph>
        Zorggebruik is procesinformatie over jeugdigen en alleen zichtbaar na inloggen. U ziet de cijfers van uw eigen gemeente, organisatie of regio. Gebruik
        het <a href="#login-username">inlogformulier</a> bovenaan de pagina.
      </Paragraph>
    </Alert>
  );
}

/** Care use of a region for the logged-in user (the server scopes it to their municipality or provider). */
function CareUse({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const summary = useResource((signal) => api.careSummary(regionId, signal), [regionId, user.username]);
  const segmentName = useCallback((id: string) => landscape.segments.find((s) => s.id === id)?.name ?? id, [landscape]);
  const municipalityName = useCallback((code: string) => landscape.municipalities.find((m) => m.code === code)?.name ?? code, [landscape]);

  if (summary.state === 'loading') return <Paragraph aria-busy="true">Zorggebruik wordt geladen…</Paragraph>;
  if (summary.state === 'error') return <ProblemAlert error={summary.error} type={summary.error.problem.status === 401 ? 'info' : 'error'} />;
  const data = summary.data;
  if (data.byYear.length === 0) {
    return (
      <Alert type="info" className="rk-alert">
        <Paragraph>Er zijn geen gegevens over zorggebruik beschikbaar voor deze regio.</Paragraph>
        <Paragraph className="rk-muted">Reikwijdte van uw account: {data.scope}</Paragraph>
      </Alert>
    );
  }
  const years = [...data.years].sort((a, b) => a - b);
  const scope = data.scope;
  return (
    <>
      <Paragraph className="rk-scope">
        Cijfers voor <strong>{scope}</strong>, {years[0]}
        {years.length > 1 && `–${years.at(-1)}`}.
      </Paragraph>
      <Section id="per-jaar" title="Jeugdigen en trajecten per jaar" intro="Aantal unieke jeugdigen met jeugdhulp en het aantal trajecten per kalenderjaar.">
        <YearSection summary={data} />
      </Section>
      <Section id="per-segment" title="Jeugdigen per taakgebied of segment" intro="Een jeugdige met hulp in meer taakgebieden telt in elk taakgebied mee.">
        <SegmentSection summary={data} segmentName={segmentName} />
      </Section>
      <Section id="per-gemeente" title="Jeugdigen per gemeente" intro="Aantal jeugdigen met jeugdhulp naar woongemeente.">
        <MunicipalityTable summary={data} municipalityName={municipalityName} />
      </Section>
      <Section
        id="concentratie"
        title="Aanbiedersconcentratie"
        intro="Aantal aanbieders per taakgebied of segment en het gezamenlijke aandeel van de vijf grootste aanbieders."
      >
        <ConcentrationSection summary={data} segmentName={segmentName} />
      </Section>
    </>
  );
}

export default function CareUsePage({ landscape, user }: { landscape: Landscape; user: SessionUser | null | undefined }) {
  return (
    <>
      <div className="rk-titlebar">
        <p className="rk-pretitle">{landscape.region.name}</p>
        <Heading level={1}>Zorggebruik</Heading>
      </div>
      {user === undefined && <Paragraph aria-busy="true">Sessie wordt gecontroleerd…</Paragraph>}
      {user === null && <LoginRequired />}
      {user && <CareUse landscape={landscape} user={user} />}
    </>
  );
}
