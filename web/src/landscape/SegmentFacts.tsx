import { DataList, DataListItem, DataListKey, DataListValue } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import type { SegmentView } from '../api-types';
import { SourceRef } from '../components/SourceRef';
import { formatPartners, formatTerm, formatShare, isOpen } from '../format';
import { ceilingLevelLabel, ceilingPeriodLabel, executionVariantLabel, fundingFormLabel, fundingVariantLabel, procedureLabel } from '../labels';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataListItem>
      <DataListKey>{label}</DataListKey>
      <DataListValue>{children}</DataListValue>
    </DataListItem>
  );
}

/** "Nog open: <question>" with its source, for values a seed leaves open. */
function OpenValue({ open }: { open: { openQuestion: string; source?: SegmentView['source'] } }) {
  return (
    <span className="rk-open">
      <span className="rk-open__label">Nog open:</span> {open.openQuestion} <SourceRef source={open.source} />
    </span>
  );
}

function Note({ text }: { text: string | undefined }) {
  return text ? <span className="rk-note">{text}</span> : null;
}

/** Funding, iJw execution variant and contract rules of one segment, as a definition list. */
export function SegmentFacts({ segment }: { segment: SegmentView }) {
  const { funding, contractRules } = segment;
  const { term, partners, procedure } = contractRules;
  const ceiling = funding.ceiling;
  const result = funding.resultPayment;
  const variantLabel = fundingVariantLabel(funding.variant);
  const shortPhases = !isOpen(procedure) && procedure.phases.length > 0 && procedure.phases.every((p) => p.length <= 24);
  return (
    <DataList className="rk-facts">
      <Fact label="Bekostiging">
        {funding.variant === null ? (
          <OpenValue open={{ openQuestion: funding.openQuestion ?? 'bekostigingsvariant nog niet gekozen', source: funding.source }} />
        ) : (
          <>
            {variantLabel}
            {funding.form && !variantLabel.toLowerCase().includes(fundingFormLabel(funding.form).toLowerCase()) && ` · vorm: ${fundingFormLabel(funding.form)}`}
            {funding.clientAccounting === false && ' · geen verantwoording op cliëntniveau'} <SourceRef source={funding.source} />
            <Note text={funding.note} />
          </>
        )}
      </Fact>
      {ceiling && (
        <Fact label="Budgetplafond">
          {isOpen(ceiling) ? (
            <OpenValue open={ceiling} />
          ) : (
            <>
              Plafond {ceilingLevelLabel(ceiling.level)}, {ceilingPeriodLabel(ceiling.period)}
              {ceiling.adjustment && `; bijstelling: ${ceiling.adjustment}`} <SourceRef source={ceiling.source} />
              <Note text={ceiling.note} />
            </>
          )}
        </Fact>
      )}
      {result && (
        <Fact label="Resultaatbetaling">
          {isOpen(result) ? (
            <OpenValue open={result} />
          ) : (
            <>
              {formatShare(result.upfrontShare)} vooraf, {formatShare(result.afterGoalShare)} na doelrealisatie <SourceRef source={result.source} />
            </>
          )}
        </Fact>
      )}
      {funding.extra.length > 0 && (
        <Fact label="Aanvullende componenten">
          <ul className="rk-plain-list">
            {funding.extra.map((x, i) => (
              <li key={i}>
                <strong>{fundingVariantLabel(x.variant)}</strong>: {x.description} <SourceRef source={x.source} />
              </li>
            ))}
          </ul>
        </Fact>
      )}
      <Fact label="iJw-uitvoeringsvariant">
        {segment.executionVariant === null ? <span className="rk-open">Nog open</span> : executionVariantLabel(segment.executionVariant)}
      </Fact>
      <Fact label="Looptijd">
        {isOpen(term) ? (
          <OpenValue open={term} />
        ) : (
          <>
            {formatTerm(term)}
            {term.maxTotalYears !== undefined && term.extensions.length > 0 && ` (max. ${term.maxTotalYears} jaar)`} <SourceRef source={term.source} />
            <Note text={term.note} />
          </>
        )}
      </Fact>
      <Fact label="Aantal contractpartners">
        {isOpen(partners) ? (
          <OpenValue open={partners} />
        ) : (
          <>
            {formatPartners(partners)} <SourceRef source={partners.source} />
            <Note text={partners.note} />
          </>
        )}
      </Fact>
      <Fact label="Procedure">
        {isOpen(procedure) ? (
          <OpenValue open={procedure} />
        ) : (
          <>
            {procedureLabel(procedure.type)}
            {shortPhases && ` (${procedure.phases.join(' → ')})`} <SourceRef source={procedure.source} />
            {!shortPhases && procedure.phases.length > 0 && (
              <ol className="rk-phases">
                {procedure.phases.map((phase, i) => (
                  <li key={i}>{phase}</li>
                ))}
              </ol>
            )}
            <Note text={procedure.note} />
          </>
        )}
      </Fact>
      {segment.supplierManagement && (
        <Fact label="Leveranciersmanagement">
          {segment.supplierManagement.strategy} <SourceRef source={segment.supplierManagement.source} />
          <Note text={segment.supplierManagement.note} />
        </Fact>
      )}
    </DataList>
  );
}
