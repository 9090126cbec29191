import { Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { describe, Field, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

const PARTY_LABELS: Record<string, string> = { toegang: 'Gemeentelijke toegang (lokaal team)', gi: 'Gecertificeerde instelling (GI)' };

/** Parties the region's procesregie rules name (e.g. toegang in the voluntary frame, GI in the forced one). */
function procesregieParties(landscape: FormProps['landscape']): string[] {
  const rules = [...landscape.rules, ...landscape.segments.flatMap((s) => s.rules)].filter((r) => r.type === 'procesregie');
  return [...new Set(rules.flatMap((r) => [r.vrijwillig, r.gedwongen]).filter((x): x is string => typeof x === 'string'))];
}

/** Regie: one regievoerder per family, and one procesregisseur when several trajectories run. */
export function RegieForm({ landscape, view, submit, busy, onCancel }: FormProps) {
  const [regievoerder, setRegievoerder] = useState(view.state.regievoerder ?? '');
  const [procesregisseur, setProcesregisseur] = useState(view.state.procesregisseur ?? '');
  const [partij, setPartij] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const parties = procesregieParties(landscape);

  const onSubmit = () => {
    const e: Errors = {};
    if (!regievoerder.trim() && !procesregisseur.trim()) e['regie-regievoerder'] = 'Vul een regievoerder of een procesregisseur in.';
    if (procesregisseur.trim() && parties.length > 0 && !partij) e['regie-partij'] = 'Kies bij welke partij de procesregie ligt.';
    if (!check(e, setErrors)) return;
    void submit({
      type: 'regie',
      ...(regievoerder.trim() ? { regievoerder: regievoerder.trim() } : {}),
      ...(procesregisseur.trim() ? { procesregisseur: procesregisseur.trim() } : {}),
      ...(procesregisseur.trim() && partij ? { procesregiePartij: partij } : {}),
    });
  };

  return (
    <ActionForm
      id="form-regie"
      title="Regie vastleggen"
      intro="Eén regievoerder per gezin; bij meerdere trajecten naast elkaar één procesregisseur."
      errors={errors}
      busy={busy}
      submitLabel="Regie vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field id="regie-regievoerder" label="Regievoerder" description="Vast aanspreekpunt in het lokale team." error={errors['regie-regievoerder']}>
        <Textbox
          {...describe('regie-regievoerder', { description: true, error: errors['regie-regievoerder'] })}
          maxLength={100}
          value={regievoerder}
          onChange={(e) => setRegievoerder(e.target.value)}
          invalid={!!errors['regie-regievoerder']}
        />
      </Field>
      <Field id="regie-procesregisseur" label="Procesregisseur (optioneel)">
        <Textbox id="regie-procesregisseur" maxLength={100} value={procesregisseur} onChange={(e) => setProcesregisseur(e.target.value)} />
      </Field>
      {parties.length > 0 && procesregisseur.trim() && (
        <Field id="regie-partij" label="Procesregie ligt bij" error={errors['regie-partij']}>
          <Select
            {...describe('regie-partij', { error: errors['regie-partij'] })}
            value={partij}
            onChange={(e) => setPartij(e.target.value)}
            invalid={!!errors['regie-partij']}
          >
            <SelectOption value="">Kies…</SelectOption>
            {parties.map((p) => (
              <SelectOption key={p} value={p}>
                {PARTY_LABELS[p] ?? p}
              </SelectOption>
            ))}
          </Select>
        </Field>
      )}
    </ActionForm>
  );
}
