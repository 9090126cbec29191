import { useCallback, useState } from 'react';
import { ApiError, api } from '../api';
import type { AllocationChangeBody, CaseCommand, RuleHit } from '../api-types';

/** What happened to the last command: done (with the signals that came with it), refused by rules, or another error. */
export type Outcome =
  | { kind: 'done'; label: string; hits: RuleHit[]; note?: string }
  | { kind: 'blocked'; label: string; rules: RuleHit[] }
  | { kind: 'error'; label: string; error: ApiError };

/**
 * Sends lifecycle commands and allocation changes for one case with the version the user saw (a
 * concurrent change is a 409) and reloads the case after success, before reporting it. Returns true
 * when the command was applied.
 */
export function useCommand(regionId: string, caseId: number, version: number, reload: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = useCallback(
    async (label: string, call: () => Promise<{ hits: RuleHit[]; note?: string }>): Promise<boolean> => {
      setBusy(true);
      setOutcome(null);
      try {
        const result = await call();
        await reload();
        setOutcome({ kind: 'done', label, hits: result.hits, ...(result.note ? { note: result.note } : {}) });
        return true;
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError({ title: 'Actie mislukt', status: 0, detail: String(e) });
        const rules = error.problem.rules;
        setOutcome(error.problem.status === 422 && rules && rules.length > 0 ? { kind: 'blocked', label, rules } : { kind: 'error', label, error });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [reload],
  );

  const run = useCallback(
    (command: CaseCommand, label: string) => send(label, () => api.caseCommand(regionId, caseId, command, version)),
    [send, regionId, caseId, version],
  );

  /** Changes or withdraws allocation `nummer`; the outcome notes the allocation message (JW301) that went to the provider. */
  const changeAllocation = useCallback(
    (nummer: number, body: AllocationChangeBody, label: string) =>
      send(label, async () => {
        const r = await api.changeAllocation(regionId, caseId, nummer, body, version);
        return {
          hits: r.hits,
          note: r.jw301
            ? `Toewijzingsbericht (JW301) ${r.jw301.identificatie} verstuurd aan de aanbieder met toewijzing ${r.jw301.toewijzingNummers.join(', ')}.`
            : 'Taakgericht segment: de wijziging is vastgelegd zonder toewijzingsbericht (OP086).',
        };
      }),
    [send, regionId, caseId, version],
  );

  return { run, changeAllocation, busy, outcome, clear: () => setOutcome(null) };
}
