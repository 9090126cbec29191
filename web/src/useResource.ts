import { useEffect, useState } from 'react';
import { ApiError } from './api';

export type Resource<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T };

/**
 * Loads data with `load` whenever one of `deps` changes; aborts the previous request.
 * Errors that are not ApiErrors are wrapped so the caller can always show a problem title.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ state: 'ready', data });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const error = e instanceof ApiError ? e : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(e) });
        setResource({ state: 'error', error });
      },
    );
    return () => controller.abort();
  }, deps);
  return resource;
}
