import { FormLabel, Heading, Select, SelectOption } from '@utrecht/component-library-react';
import type { CaseDetail, Landscape } from '../api-types';
import { formatDate } from '../format';
import { AppLink, worklistPath } from '../router';
import { areaName, PURPOSES, statusLabel } from './accessLabels';
import { ageOn, formatDateTime, todayIso } from './caseFormat';

interface Props {
  landscape: Landscape;
  view: CaseDetail;
  purpose: string;
  onPurpose: (purpose: string) => void;
}

/** Youth name, masked BSN, age, status and the purpose of this (audit-logged) read. */
export function CaseHeader({ landscape, view, purpose, onPurpose }: Props) {
  const { youth, state } = view;
  const age = ageOn(youth.birthDate, todayIso());
  return (
    <div className="rk-titlebar rk-case-header" data-testid="case-header">
      <div className="rk-case-header__main">
        <p className="rk-pretitle">
          <AppLink href={worklistPath(landscape.region.id)} className="rk-back">
            Werklijst
          </AppLink>{' '}
          · Casus {view.id}
        </p>
        <Heading level={1}>
          {youth.givenName} {youth.familyName}
        </Heading>
        <p className="rk-case-header__tags">
          <span className={`rk-status rk-status--${state.status}`} data-testid="case-status">
            {statusLabel(state.status)}
          </span>
          {state.crisis && <span className="rk-tag rk-tag--crisis">Crisis</span>}
        </p>
        <dl className="rk-case-meta">
          <div>
            <dt>BSN</dt>
            <dd className="rk-code" data-testid="case-bsn">
              {youth.bsnMasked}
            </dd>
          </div>
          <div>
            <dt>Geboren</dt>
            <dd>
              <time dateTime={youth.birthDate}>{formatDate(youth.birthDate)}</time> ({age} jaar)
            </dd>
          </div>
          <div>
            <dt>Gebied</dt>
            <dd>{areaName(landscape, view.areaId)}</dd>
          </div>
          <div>
            <dt>Regievoerder</dt>
            <dd>{state.regievoerder ?? <span className="rk-muted">Nog niet aangewezen</span>}</dd>
          </div>
          <div>
            <dt>Aangemeld</dt>
            <dd>
              <time dateTime={state.aangemeldOp}>{formatDateTime(state.aangemeldOp)}</time>
            </dd>
          </div>
        </dl>
      </div>
      <div className="rk-purpose">
        <FormLabel htmlFor="case-purpose">Doel van inzage</FormLabel>
        <Select id="case-purpose" value={purpose} onChange={(e) => onPurpose(e.target.value)} aria-describedby="case-purpose-note">
          {PURPOSES.filter(([code]) => code !== 'overig' || purpose === 'overig').map(([code, label]) => (
            <SelectOption key={code} value={code}>
              {label}
            </SelectOption>
          ))}
        </Select>
        <p id="case-purpose-note" className="rk-purpose__note">
          Elke inzage wordt met dit doel vastgelegd (wie, welke casus, wanneer, waarom).
        </p>
      </div>
    </div>
  );
}
