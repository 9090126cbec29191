import { Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { formatShortDate } from '../../format';
import { segmentName } from '../accessLabels';
import { parseEuroCents, todayIso } from '../caseFormat';
import { describe, Field, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** Allocation (toewijzing, iJw 301) to a provider contracted in the decision's segment, for one of its products. */
export function ToewijzingForm({ landscape, view, submit, busy, onCancel }: FormProps) {
  const { beschikkingen } = view.state;
  const [beschikkingId, setBeschikkingId] = useState(String(beschikkingen.at(-1)?.id ?? ''));
  const beschikking = beschikkingen.find((b) => String(b.id) === beschikkingId);
  const segment = landscape.segments.find((s) => s.id === beschikking?.segmentId);
  const providers = [...(segment?.providers ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const products = segment?.products ?? [];
  const [providerId, setProviderId] = useState('');
  const [product, setProduct] = useState(products.length === 1 ? '0' : '');
  const start = beschikking && beschikking.ingangsdatum > todayIso() ? beschikking.ingangsdatum : todayIso();
  const [ingangsdatum, setIngang] = useState(start);
  const [einddatum, setEind] = useState(beschikking?.einddatum ?? '');
  const [budget, setBudget] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const chooseBeschikking = (id: string) => {
    const b = beschikkingen.find((x) => String(x.id) === id);
    setBeschikkingId(id);
    setProviderId('');
    setProduct('');
    if (b) setEind(b.einddatum);
  };

  const onSubmit = () => {
    const e: Errors = {};
    if (!beschikking) e['toewijzing-beschikking'] = 'Kies de beschikking waarop u toewijst.';
    if (!providerId) e['toewijzing-aanbieder'] = providers.length === 0 ? 'Dit segment heeft geen gecontracteerde aanbieders.' : 'Kies de aanbieder.';
    if (!product) e['toewijzing-product'] = 'Kies het product.';
    if (!ingangsdatum) e['toewijzing-ingang'] = 'Vul de ingangsdatum in.';
    else if (beschikking && ingangsdatum < beschikking.ingangsdatum)
      e['toewijzing-ingang'] = `De toewijzing begint op zijn vroegst op ${formatShortDate(beschikking.ingangsdatum)} (ingang van de beschikking).`;
    if (!einddatum) e['toewijzing-eind'] = 'Vul de einddatum in.';
    else if (ingangsdatum && einddatum < ingangsdatum) e['toewijzing-eind'] = 'De einddatum ligt voor de ingangsdatum.';
    else if (beschikking && einddatum > beschikking.einddatum)
      e['toewijzing-eind'] = `De toewijzing eindigt uiterlijk op ${formatShortDate(beschikking.einddatum)} (einde van de beschikking).`;
    const cents = budget.trim() ? parseEuroCents(budget) : undefined;
    if (cents === null) e['toewijzing-budget'] = 'Vul het budget in hele euro’s of met centen in, bijvoorbeeld 1250 of 1250,50.';
    const p = products[Number(product)];
    if (!check(e, setErrors) || !beschikking || !p) return;
    void submit({
      type: 'toewijzing',
      toewijzing: {
        beschikkingId: beschikking.id,
        segmentId: beschikking.segmentId,
        providerId: Number(providerId),
        productCategorie: p.category,
        ...(p.code && /^[0-9A-Z]{5}$/.test(p.code) ? { productCode: p.code } : {}),
        // The product as the profile names it: rules per product (e.g. foster care to 21) read it.
        product: p.name,
        ingangsdatum,
        einddatum,
        ...(cents !== undefined && cents !== null ? { budgetCents: cents } : {}),
      },
    });
  };

  return (
    <ActionForm
      id="form-toewijzing"
      title="Toewijzen aan een aanbieder"
      intro="De toewijzing gaat als iJw-bericht 301 naar de aanbieder."
      errors={errors}
      busy={busy}
      submitLabel="Toewijzing vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field id="toewijzing-beschikking" label="Beschikking" error={errors['toewijzing-beschikking']}>
        <Select
          {...describe('toewijzing-beschikking', { error: errors['toewijzing-beschikking'] })}
          value={beschikkingId}
          onChange={(e) => chooseBeschikking(e.target.value)}
        >
          {beschikkingen.map((b) => (
            <SelectOption key={b.id} value={String(b.id)}>
              Beschikking {b.id}: {segmentName(landscape, b.segmentId)} ({formatShortDate(b.ingangsdatum)} t/m {formatShortDate(b.einddatum)})
            </SelectOption>
          ))}
        </Select>
      </Field>
      <Field
        id="toewijzing-aanbieder"
        label="Aanbieder"
        description={`Gecontracteerd in ${segment?.name ?? 'het segment'} (${providers.length}).`}
        error={errors['toewijzing-aanbieder']}
      >
        <Select
          {...describe('toewijzing-aanbieder', { description: true, error: errors['toewijzing-aanbieder'] })}
          value={providerId}
          onChange={(e) => setProviderId(e.target.value)}
          invalid={!!errors['toewijzing-aanbieder']}
        >
          <SelectOption value="">Kies een aanbieder…</SelectOption>
          {providers.map((p) => (
            <SelectOption key={p.id} value={String(p.id)}>
              {p.name} (AGB {p.agbCode})
            </SelectOption>
          ))}
        </Select>
      </Field>
      <Field id="toewijzing-product" label="Product" error={errors['toewijzing-product']}>
        <Select
          {...describe('toewijzing-product', { error: errors['toewijzing-product'] })}
          value={product}
          onChange={(e) => setProduct(e.target.value)}
          invalid={!!errors['toewijzing-product']}
        >
          <SelectOption value="">Kies een product…</SelectOption>
          {products.map((p, i) => (
            <SelectOption key={`${p.category}-${p.code ?? ''}-${p.name}`} value={String(i)}>
              {p.category}
              {p.code ? ` / ${p.code}` : ''} · {p.name}
            </SelectOption>
          ))}
        </Select>
      </Field>
      <div className="rk-form-grid">
        <Field id="toewijzing-ingang" label="Ingangsdatum" error={errors['toewijzing-ingang']}>
          <Textbox
            {...describe('toewijzing-ingang', { error: errors['toewijzing-ingang'] })}
            type="date"
            min={beschikking?.ingangsdatum}
            max={beschikking?.einddatum}
            value={ingangsdatum}
            onChange={(e) => setIngang(e.target.value)}
            className="rk-input--short"
            invalid={!!errors['toewijzing-ingang']}
          />
        </Field>
        <Field id="toewijzing-eind" label="Einddatum" error={errors['toewijzing-eind']}>
          <Textbox
            {...describe('toewijzing-eind', { error: errors['toewijzing-eind'] })}
            type="date"
            min={ingangsdatum}
            max={beschikking?.einddatum}
            value={einddatum}
            onChange={(e) => setEind(e.target.value)}
            className="rk-input--short"
            invalid={!!errors['toewijzing-eind']}
          />
        </Field>
        <Field id="toewijzing-budget" label="Budget in euro (optioneel)" error={errors['toewijzing-budget']}>
          <Textbox
            {...describe('toewijzing-budget', { error: errors['toewijzing-budget'] })}
            inputMode="decimal"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            className="rk-input--short"
            invalid={!!errors['toewijzing-budget']}
          />
        </Field>
      </div>
    </ActionForm>
  );
}
