import { PrintButton } from '../components/PrintButton';
import './access.css';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api';
import type { CaseDetail, Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { AppLink, worklistPath } from '../router';
import { AccessGuard } from './AccessGuard';
import { PurposeGate } from './PurposeGate';
import { ActionPanel } from './ActionPanel';
import { CaseHeader } from './CaseHeader';
import { CaseOverview } from './CaseOverview';
import { CaseTimeline } from './CaseTimeline';
import { SignalList } from './SignalList';
import { useCommand } from './useCommand';
import '../steering/steering.css';
import { OutcomeForms } from '../steering/OutcomeForm';

/**
 * Loads a case with the given purpose (every read is audit-logged with it). A reload keeps the
 * shown data until the new data arrives, so forms and messages stay in place.
 */
function useCaseDetail(regionId: string, caseId: number, purpose: string, toelichting: string, username: string) {
  const [data, setData] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const current = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    current.current?.abort();
    // Nothing is read before the reader has chosen a purpose (NEN 7513: never a preselected one).
    if (!purpose) return;
    const controller = new AbortController();
    current.current = controller;
    try {
      const d = await api.readCase(regionId, caseId, purpose, controller.signal, toelichting);
      if (controller.signal.aborted) return;
      setData(d);
      setError(null);
    } catch (e) {
      if (controller.signal.aborted) return;
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Casus laden mislukt', status: 0, detail: String(e) }));
    }
  }, [regionId, caseId, purpose, toelichting, username]);

  useEffect(() => {
    void load();
    return () => current.current?.abort();
  }, [load]);
  return { data, error, reload: load };
}

function CaseView({ landscape, user, caseId }: { landscape: Landscape; user: SessionUser; caseId: number }) {
  const regionId = landscape.region.id;
  const [{ purpose, toelichting }, setReason] = useState({ purpose: '', toelichting: '' });
  const { data, error, reload } = useCaseDetail(regionId, caseId, purpose, toelichting, user.username);
  const command = useCommand(regionId, caseId, data?.version ?? 0, reload);
  const setPurpose = (p: string) => setReason({ purpose: p, toelichting: p === 'overig' ? toelichting : '' });

  if (!purpose) return <PurposeGate caseId={caseId} regionId={regionId} onChoose={(p, t) => setReason({ purpose: p, toelichting: t })} />;

  if (!data) {
    if (!error) return <Paragraph aria-busy="true">Casus wordt geladen…</Paragraph>;
    return (
      <>
        <div className="rk-titlebar">
          <Heading level={1}>Casus {caseId}</Heading>
        </div>
        <ProblemAlert error={error} />
        <Paragraph>
          Terug naar de <AppLink href={worklistPath(regionId)}>werklijst</AppLink>.
        </Paragraph>
      </>
    );
  }

  const handled = (ruleId: string) => void command.run({ type: 'signaal-afgehandeld', ruleId }, 'Signaal afgehandeld');
  return (
    <>
      <CaseHeader landscape={landscape} view={data} purpose={purpose} onPurpose={setPurpose} />
      <PrintButton what="Casusoverzicht" />
      {error && <ProblemAlert error={error} />}
      <section className="rk-panel rk-signals-panel" aria-labelledby="signals-heading" data-testid="case-signals">
        <Heading level={2} id="signals-heading">
          Signalen {data.signals.length > 0 && <span className="rk-count">{data.signals.length}</span>}
        </Heading>
        {data.signals.length === 0 ? (
          <Paragraph className="rk-muted">Geen open signalen voor deze casus.</Paragraph>
        ) : (
          <SignalList signals={data.signals} onHandled={data.allowedCommands.includes('signaal-afgehandeld') ? handled : undefined} busy={command.busy} />
        )}
      </section>
      <div className="rk-case-grid">
        <div className="rk-case-grid__main">
          <ActionPanel landscape={landscape} view={data} user={user} command={command} />
          <OutcomeForms regionId={regionId} view={data} user={user} clusters={landscape.resultClusters} />
          <CaseOverview landscape={landscape} view={data} />
        </div>
        <CaseTimeline events={data.events} />
      </div>
    </>
  );
}

export default function CasePage({ landscape, user, caseId }: { landscape: Landscape; user: SessionUser | null | undefined; caseId: number }) {
  return (
    <AccessGuard user={user} regionId={landscape.region.id} regionName={landscape.region.name} title={`Casus ${caseId}`}>
      {(u) => <CaseView key={u.username} landscape={landscape} user={u} caseId={caseId} />}
    </AccessGuard>
  );
}
