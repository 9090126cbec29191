import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api';
import type { SessionUser } from './api-types';

/** The current user: undefined while checking, null when not logged in. */
export function useSession() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.session(controller.signal).then(
      (r) => setUser(r.user),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setUser(null);
        if (e instanceof ApiError && e.problem.status !== 401) setError(e);
      },
    );
    return () => controller.abort();
  }, []);

  const login = useCallback((u: SessionUser) => {
    setError(null);
    setUser(u);
  }, []);
  const logout = useCallback(async () => {
    try {
      await api.logout();
      setUser(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Uitloggen mislukt', status: 0, detail: String(e) }));
    }
  }, []);

  return { user, error, login, logout };
}
