import { useCallback, useState } from 'react';
import { ApiError, api } from '../api';
import type { CaseCommand, RuleHit } from '../api-types';

/** What happened to the last command: done (with the signals that came with it), refused by rules, or another error. */
export type Outcome =
  | { kind: 'done'; label: string; hits: RuleHit[] }
  | { kind: 'blocked'; label: string; rules: RuleHit[] }
  | { kind: 'error'; label: string; error: ApiError };

/**
 * Sends lifecycle commands for one case with the version the user saw (a concurrent change is a 409)
 * and reloads the case after success, before reporting it. Returns true when the command was applied.
 */
export function useCommand(regionId: string, caseId: number, version: number, reload: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = useCallback(
    async (command: CaseCommand, label: string): Promise<boolean> => {
      setBusy(true);
      setOutcome(null);
      try {
        const result = await api.caseCommand(regionId, caseId, command, version);
        await reload();
        setOutcome({ kind: 'done', label, hits: result.hits });
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
    [regionId, caseId, version, reload],
  );

  return { run, busy, outcome, clear: () => setOutcome(null) };
}
