import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../api';
import type { CaseDetail, Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { INFORMANT_LABELS, ZONDER_HULP_VERDER } from '../../../src/domain/steering/outcome';

type Toewijzing = CaseDetail['state']['toewijzingen'][number];
type Cluster = Landscape['resultClusters'][number];

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Outcome of one ended allocation, per informant (national outcome set; seed 002 doelrealisatie). */
function OneForm({ regionId, t, clusters }: { regionId: string; t: Toewijzing; clusters: readonly Cluster[] }) {
  const [informant, setInformant] = useState<'jeugdige' | 'ouder'>('jeugdige');
  const [gemetenOp, setGemetenOp] = useState(today());
  const [tevredenheid, setTevredenheid] = useState('');
  const [zhv, setZhv] = useState('');
  const [doel, setDoel] = useState('');
  const [cluster, setCluster] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const id = `rk-outcome-${t.nummer}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await request('POST', `/regions/${encodeURIComponent(regionId)}/allocations/${t.nummer}/outcome`, {
        informant,
        gemetenOp,
        ...(tevredenheid !== '' ? { tevredenheid: Number(tevredenheid) } : {}),
        ...(zhv !== '' ? { zonderHulpVerder: zhv } : {}),
        ...(doel !== '' ? { doelrealisatiePct: Number(doel) } : {}),
        ...(cluster !== '' ? { resultaatcluster: cluster } : {}),
      });
      setSaved(`Uitkomst van ${INFORMANT_LABELS[informant].toLowerCase()} vastgelegd.`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="rk-outcome-form" data-testid={`outcome-form-${t.nummer}`} aria-labelledby={`${id}-title`}>
      <Heading level={4} id={`${id}-title`}>
        Toewijzing {t.nummer}
      </Heading>
      <div className="rk-outcome-fields">
        <label>
          Ingevuld door
          <select value={informant} onChange={(e) => setInformant(e.target.value as 'jeugdige' | 'ouder')}>
            <option value="jeugdige">{INFORMANT_LABELS.jeugdige}</option>
            <option value="ouder">{INFORMANT_LABELS.ouder}</option>
          </select>
        </label>
        <label>
          Datum meting
          <input type="date" value={gemetenOp} onChange={(e) => setGemetenOp(e.target.value)} required />
        </label>
        <label>
          Hoe nuttig was de hulp (1-10)
          <input type="number" min={1} max={10} step={1} value={tevredenheid} onChange={(e) => setTevredenheid(e.target.value)} />
        </label>
        <label>
          Zonder hulp verder
          <select value={zhv} onChange={(e) => setZhv(e.target.value)}>
            <option value="">niet ingevuld</option>
            {Object.entries(ZONDER_HULP_VERDER).map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label>
          Doelen behaald (%)
          <input type="number" min={0} max={100} step={1} value={doel} onChange={(e) => setDoel(e.target.value)} />
        </label>
        {clusters.length > 0 && (
          // The region's clusters of result areas (its profile, seed 002): the cluster the goals were agreed on.
          <label>
            Cluster van resultaatgebieden
            <select value={cluster} onChange={(e) => setCluster(e.target.value)} data-testid={`outcome-cluster-${t.nummer}`}>
              <option value="">niet ingevuld</option>
              {clusters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <Button type="submit" appearance="primary-action-button" disabled={busy}>
        Uitkomst vastleggen
      </Button>
      {saved && (
        <Paragraph role="status" data-testid={`outcome-saved-${t.nummer}`}>
          {saved}
        </Paragraph>
      )}
      {error && <ProblemAlert error={error} />}
    </form>
  );
}

/**
 * Outcomes of the ended allocations the user may record: the provider its own, the local team any
 * of the case. Uitval and a new start afterwards are derived by the system and not asked here.
 */
export function OutcomeForms({
  regionId,
  view,
  user,
  clusters = [],
}: {
  regionId: string;
  view: CaseDetail;
  user: SessionUser;
  clusters?: readonly Cluster[];
}) {
  const ended = view.state.toewijzingen.filter(
    (t) => t.status === 'gestopt' && (user.role === 'toegang' || (user.role === 'aanbieder' && t.providerId === user.providerId)),
  );
  if (ended.length === 0) return null;
  return (
    <section className="rk-panel" aria-labelledby="rk-outcomes-heading" data-testid="case-outcomes">
      <Heading level={2} id="rk-outcomes-heading">
        Uitkomsten na beëindiging
      </Heading>
      <Paragraph className="rk-muted">
        Per toewijzing één meting van de jeugdige en één van de ouder/opvoeder (landelijke outcomecriteria). Uitval en een nieuwe start na afloop bepaalt het
        systeem zelf.{clusters.length > 0 ? ' Kiest u een cluster van resultaatgebieden, vul dan ook in welk deel van de doelen behaald is.' : ''}
      </Paragraph>
      {ended.map((t) => (
        <OneForm key={t.nummer} regionId={regionId} t={t} clusters={clusters} />
      ))}
    </section>
  );
}
