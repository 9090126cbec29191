import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { useResource } from '../useResource';
import { procurementApi, type ProcedureDetail } from './procurementApi';

/** Runs a command that answers with the new procedure; resolves true on success (the error is kept otherwise). */
export type Run = (command: () => Promise<ProcedureDetail>) => Promise<boolean>;

/**
 * One procedure: loaded from the API and replaced by the answer of every command, so the screen
 * always shows the version the next command must name (optimistic concurrency).
 */
export function useProcedure(regionId: string, id: number, username: string | undefined) {
  const loaded = useResource((signal) => procurementApi.detail(regionId, id, signal), [regionId, id, username]);
  const [current, setCurrent] = useState<ProcedureDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // One command at a time: a second click while one runs would name a stale version.
  const running = useRef(false);
  useEffect(() => {
    if (loaded.state === 'ready') setCurrent(loaded.data);
  }, [loaded]);
  const run: Run = async (command) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      setCurrent(await command());
      return true;
    } catch (e) {
      // A panel that shows the refusal itself (beside the field or in its own alert) marks it handled.
      if (!(e instanceof ApiError && e.handled))
        setError(e instanceof ApiError ? e : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(e) }));
      if (e instanceof ApiError && e.problem.status === 409) {
        // Stale or illegal: reload so the screen shows what is true now.
        procurementApi.detail(regionId, id).then(setCurrent, () => undefined);
      }
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return { loaded, d: current, error, busy, run, clearError: () => setError(null) };
}
