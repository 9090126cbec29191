import { Button } from '@utrecht/component-library-react';
import type { SessionUser } from '../api-types';
import { roleLabel } from '../labels';

/** The logged-in user: name, role and scope (e.g. "gemeente Breda"), and a logout button. */
export function UserMenu({ user, scope, onLogout }: { user: SessionUser; scope: string | null; onLogout: () => void }) {
  return (
    <div className="rk-user" data-testid="user-menu">
      <p className="rk-user__who">
        <span className="rk-visually-hidden">Ingelogd als </span>
        <strong>{user.displayName}</strong>
        <span className="rk-user__role">
          {roleLabel(user.role)}
          {scope && ` · ${scope}`}
        </span>
      </p>
      <Button type="button" appearance="secondary-action-button" onClick={onLogout}>
        Uitloggen
      </Button>
    </div>
  );
}
