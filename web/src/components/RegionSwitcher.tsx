import { FormLabel, Select, SelectOption } from '@utrecht/component-library-react';
import type { RegionSummary } from '../api-types';

/** Labelled select with all regions; choosing one calls `onSelect` (the app navigates). */
export function RegionSwitcher({ regions, value, onSelect }: { regions: RegionSummary[]; value: string | undefined; onSelect: (id: string) => void }) {
  const known = regions.some((r) => r.id === value);
  return (
    <div className="rk-field rk-field--inline">
      <FormLabel htmlFor="region-switcher">Regio</FormLabel>
      <Select
        id="region-switcher"
        data-testid="region-switcher"
        value={known ? value : ''}
        onChange={(e) => onSelect(e.target.value)}
        className="rk-region-select"
      >
        {!known && (
          <SelectOption value="" disabled>
            Kies een regio
          </SelectOption>
        )}
        {regions.map((r) => (
          <SelectOption key={r.id} value={r.id}>
            {r.name}
          </SelectOption>
        ))}
      </Select>
    </div>
  );
}
