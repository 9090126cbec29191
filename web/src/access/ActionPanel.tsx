import { ConfirmDialog } from '../components/ConfirmDialog';
import { Button, Heading, Paragraph } from '@utrecht/component-library-react';
import { useState, type ComponentType } from 'react';
import type { AllocationChangeBody, CaseCommand, CaseDetail, Landscape, SessionUser } from '../api-types';
import { mdoMissing } from './accessLabels';
import { ACTION_LABELS, availableActions, type ActionId } from './actions';
import { CommandOutcome } from './CommandOutcome';
import { AfsluitenForm } from './forms/AfsluitenForm';
import { AnalyseForm } from './forms/AnalyseForm';
import { BeschikkingForm } from './forms/BeschikkingForm';
import { MdoForm } from './forms/MdoForm';
import { RegieForm } from './forms/RegieForm';
import { NazorgForm, OverbruggingForm, SpoedhulpForm, VerhelderingForm } from './forms/SimpleForms';
import { ToewijzingForm } from './forms/ToewijzingForm';
import { ToewijzingWijzigenForm } from './forms/ToewijzingWijzigenForm';
import { TriageForm } from './forms/TriageForm';
import type { FormProps } from './forms/types';
import { VerwijzingForm } from './forms/VerwijzingForm';
import type { useCommand } from './useCommand';

const FORMS: Record<ActionId, ComponentType<FormProps>> = {
  verheldering: VerhelderingForm,
  triage: TriageForm,
  mdo: MdoForm,
  analyse: AnalyseForm,
  verwijzing: VerwijzingForm,
  beschikking: BeschikkingForm,
  toewijzing: ToewijzingForm,
  'toewijzing-wijzigen': ToewijzingWijzigenForm,
  overbrugging: OverbruggingForm,
  spoedhulp: SpoedhulpForm,
  regie: RegieForm,
  afsluiten: AfsluitenForm,
  'nazorg-beeindigen': NazorgForm,
};

/** Why there is nothing to do, in the user's terms. */
function idleText(view: CaseDetail, role: string): string {
  if (view.state.status === 'afgesloten') return 'De casus is afgesloten.';
  if (role === 'gemeente' && view.state.verwijzingen.length === 0) return 'Deze casus wacht op het lokale team: er is nog geen verwijzing om op te beschikken.';
  return 'Voor uw rol zijn in deze fase geen acties beschikbaar.';
}

interface Props {
  landscape: Landscape;
  view: CaseDetail;
  user: SessionUser;
  command: ReturnType<typeof useCommand>;
}

/**
 * The actions that are valid for the case's status and the user's role. Choosing one opens its
 * form; the outcome (rule refusals, errors, or signals that came with a successful action) is shown
 * right above the form. After success the form closes and the case is reloaded.
 */
export function ActionPanel({ landscape, view, user, command }: Props) {
  const [selected, setSelected] = useState<ActionId | null>(null);
  const actions = availableActions(view, { mdoFirst: mdoMissing(view) });
  const open = selected && actions.includes(selected) ? selected : null;
  const Form = open ? FORMS[open] : null;

  const choose = (id: ActionId) => {
    command.clear();
    setSelected(open === id ? null : id);
  };
  // Legal acts (a beschikking, a change or withdrawal of an allocation) wait for a confirmation in a dialog.
  const [pending, setPending] = useState<{ title: string; text: string; confirm: string; resolve: (go: boolean) => void } | null>(null);
  const confirmFirst = (title: string, text: string, confirm: string) => new Promise<boolean>((resolve) => setPending({ title, text, confirm, resolve }));
  const submit = async (cmd: CaseCommand) => {
    if (
      cmd.type === 'beschikking' &&
      !(await confirmFirst(
        'Beschikking vastleggen?',
        'De beschikking is een besluit van de gemeente over de jeugdhulp van deze jeugdige. Na het vastleggen kan de toewijzing aan een aanbieder volgen.',
        'Ja, beschikking vastleggen',
      ))
    )
      return false;
    const ok = await command.run(cmd, ACTION_LABELS[open ?? 'regie']);
    if (ok) setSelected(null);
    return ok;
  };
  const changeAllocation = async (nummer: number, body: AllocationChangeBody) => {
    const withdraw = body.redenWijziging === '13';
    const go = await confirmFirst(
      withdraw ? `Toewijzing ${nummer} intrekken?` : `Toewijzing ${nummer} wijzigen?`,
      withdraw
        ? 'De aanbieder krijgt een toewijzingsbericht dat de toewijzing vervalt. Dit kan niet ongedaan worden gemaakt.'
        : 'De aanbieder krijgt een toewijzingsbericht met dezelfde toewijzing en de reden van de wijziging.',
      withdraw ? 'Ja, intrekken en versturen' : 'Ja, wijzigen en versturen',
    );
    if (!go) return false;
    const ok = await command.changeAllocation(nummer, body, withdraw ? `Toewijzing ${nummer} verwijderen` : `Toewijzing ${nummer} wijzigen`);
    if (ok) setSelected(null);
    return ok;
  };
  const answer = (go: boolean) => {
    pending?.resolve(go);
    setPending(null);
  };

  return (
    <section className="rk-panel rk-actions" aria-labelledby="actions-heading" data-testid="action-panel">
      <Heading level={2} id="actions-heading">
        Acties
      </Heading>
      {actions.length === 0 ? (
        <Paragraph className="rk-muted">{idleText(view, user.role)}</Paragraph>
      ) : (
        <>
          <Paragraph className="rk-muted rk-actions__intro">Kies wat u wilt vastleggen. De eerste actie is de gebruikelijke volgende stap.</Paragraph>
          <ul className="rk-action-chooser" aria-label="Beschikbare acties">
            {actions.map((id, i) => (
              <li key={id}>
                <Button
                  type="button"
                  appearance={i === 0 ? 'primary-action-button' : 'secondary-action-button'}
                  aria-expanded={open === id}
                  aria-controls="action-form"
                  data-action={id}
                  onClick={() => choose(id)}
                >
                  {ACTION_LABELS[id]}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {command.outcome && <CommandOutcome outcome={command.outcome} />}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.title ?? ''}
        confirmLabel={pending?.confirm ?? 'Bevestigen'}
        onConfirm={() => answer(true)}
        onCancel={() => answer(false)}
        testId="confirm-act"
      >
        {pending?.text ?? ''}
      </ConfirmDialog>
      <div id="action-form">
        {Form && open && (
          <Form
            key={open}
            landscape={landscape}
            view={view}
            user={user}
            submit={submit}
            changeAllocation={changeAllocation}
            busy={command.busy}
            onCancel={() => setSelected(null)}
          />
        )}
      </div>
    </section>
  );
}
