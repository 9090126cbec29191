import type { ReactNode } from 'react';

/** Renders children directly when short; behind a details/summary toggle when `count` exceeds `limit`. */
export function Collapsible({ count, limit, summary, children }: { count: number; limit: number; summary: string; children: ReactNode }) {
  if (count <= limit) return <>{children}</>;
  return (
    <details className="rk-collapsible">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
