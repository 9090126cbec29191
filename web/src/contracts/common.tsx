/** Shared bits of the contract screens: labels, badges, the login/role guard and rule refusals. */
import { Alert, Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import type { SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import type { AppliedCeiling, Source } from './contractsApi';
import { formatEuroWhole, formatPercent } from '../funding/money';
import { todayIso } from '../access/caseFormat';

export const STATE_LABEL: Record<string, string> = { gegund: 'Gegund, nog niet gestart', lopend: 'Lopend', afgelopen: 'Afgelopen' };
export const CHANGE_KIND_LABEL: Record<string, string> = {
  tarief: 'Tarief',
  product: 'Product',
  voorwaarde: 'Voorwaarde',
  looptijd: 'Looptijd',
  verlenging: 'Verlenging',
  toetreding: 'Toetreding',
  overig: 'Overig',
};
export const CHANGE_STATE_LABEL: Record<string, string> = { aangekondigd: 'Aangekondigd', 'van-kracht': 'Van kracht', ingetrokken: 'Ingetrokken' };
export const DIALOGUE_LABEL: Record<string, string> = {
  sturingsdialoog: 'Sturingsdialoog',
  verantwoordingsdialoog: 'Verantwoordingsdialoog',
  contractgesprek: 'Contractgesprek',
  ontwikkeltafel: 'Ontwikkeltafel',
  marktconsultatie: 'Marktconsultatie',
};
export const DIALOGUE_STATUS_LABEL: Record<string, string> = { gepland: 'Gepland', gehouden: 'Gehouden', geannuleerd: 'Geannuleerd' };
export const FREQ_LABEL: Record<string, string> = { maand: 'maandelijks', kwartaal: 'elk kwartaal', halfjaar: 'elk halfjaar', jaar: 'jaarlijks' };
export const TIER_LABEL: Record<string, string> = { ontwikkelpartner: 'Ontwikkelpartner', regulier: 'Reguliere partner' };

const dateFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
/** "1 juli 2021" for a YYYY-MM-DD date. */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? dateFmt.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : iso;
}

export function Badge({ tone, children }: { tone: 'ok' | 'partial' | 'rejected' | 'neutral'; children: ReactNode }) {
  return <span className={`rk-fin-badge rk-fin-badge--${tone === 'neutral' ? 'partial' : tone} rk-con-badge rk-con-badge--${tone}`}>{children}</span>;
}

export const sourceText = (s: Source) => `bron ${s.seed} §${s.section.replace(/^§/, '')}`;

export function SourceLine({ source }: { source: Source }) {
  return (
    <span className="rk-con-source">
      {sourceText(source).replace(/^bron/, 'Bron')}
      {source.quote && <q>{source.quote}</q>}
    </span>
  );
}

/** An API problem; a refusal by a region rule lists each rule with its id and source (seed and section). */
export function RefusalAlert({ error }: { error: ApiError }) {
  const rules = (error.problem as { rules?: { ruleId: string; message: string; source?: Source }[] }).rules;
  if (!rules || rules.length === 0) return <ProblemAlert error={error} />;
  return (
    <Alert type="error" role="alert" className="rk-alert" data-testid="rule-refusal">
      <Paragraph>
        <strong>{error.problem.title}</strong>
      </Paragraph>
      <ul className="rk-con-rules">
        {rules.map((r) => (
          <li key={r.ruleId}>
            {r.message.charAt(0).toUpperCase() + r.message.slice(1)}.
            <br />
            <span className="rk-con-source">
              {r.source ? sourceText(r.source) : 'Regel van de regio'}
              {r.source?.quote && <q>{r.source.quote}</q>}
            </span>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** Contract data needs a login of the region; otherwise says which account would see it. */
export function ContractGuard({ user, regionId, children }: { user: SessionUser | null; regionId: string; children: (user: SessionUser) => ReactNode }) {
  if (user === null) {
    return (
      <Alert type="info" className="rk-alert" data-testid="contracts-login-required">
        <Paragraph>
          <strong>Log in om contracten te zien.</strong>
        </Paragraph>
        <Paragraph>
          Contracten, wijzigingen en dialogen zijn er voor de rollen van de regio; aanbieders zien hun eigen contracten. Demo: log in als{' '}
          <span className="rk-code">contractmanager.{regionId}</span> met wachtwoord <span className="rk-code">demo</span>.
        </Paragraph>
      </Alert>
    );
  }
  if (user.regionId !== null && user.regionId !== regionId) {
    return (
      <Alert type="warning" className="rk-alert">
        <Paragraph>Uw account hoort bij een andere regio; u ziet hier geen contracten.</Paragraph>
      </Alert>
    );
  }
  return <>{children(user)}</>;
}

export const mayChange = (user: SessionUser) => user.role === 'contractmanager' || user.role === 'beheer';

/** "5+1+1 jaar" for a term in whole years; "28 maanden" (+ options) otherwise. */
export const termText = (label: string) => (/^\d+(\+\d+)*$/.test(label) ? `${label} jaar` : label);

/** Level of a ceiling as the contract manager reads it. */
export const CEILING_LABEL: Record<AppliedCeiling['level'], string> = { aanbieder: 'per aanbieder', segment: 'taakgebied / segment', contract: 'contract' };

/** Spend against a ceiling: "besteed € 1.234 (56%)", or that spend is not known at this level; says so in words when it passes the ceiling (not by colour alone). */
export function ceilingSpend(c: AppliedCeiling): string {
  if (c.spentCents === null) return 'besteding niet bekend op dit niveau';
  const tone = ceilingTone(c);
  const warning = tone === 'over' ? ', boven het plafond' : tone === 'near' ? ', prognose boven het plafond' : '';
  return `besteed ${formatEuroWhole(c.spentCents)}${c.usedShare !== null ? ` (${formatPercent(c.usedShare)})` : ''}${warning}`;
}

/** over: spent above the ceiling; near: the forecast to year end passes it. */
export function ceilingTone(c: AppliedCeiling): 'over' | 'near' | undefined {
  if (c.spentCents !== null && c.spentCents > c.ceilingCents) return 'over';
  if (c.forecastCents !== null && c.forecastCents > c.ceilingCents) return 'near';
  return undefined;
}

/** Today in the Dutch calendar (YYYY-MM-DD), the day the server checks dates against. */
export const localToday = () => todayIso();
