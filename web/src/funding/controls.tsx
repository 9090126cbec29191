import { FormLabel, Select, SelectOption } from '@utrecht/component-library-react';

/** The years offered: this year and the four before (the demo history is three full years). */
export function selectableYears(now = new Date()): number[] {
  const current = now.getFullYear();
  return Array.from({ length: 5 }, (_, i) => current - i);
}

export function YearSelect({ id, year, onYear }: { id: string; year: number; onYear: (year: number) => void }) {
  const years = selectableYears();
  return (
    <div className="rk-field">
      <FormLabel htmlFor={id}>Jaar</FormLabel>
      <Select id={id} value={String(year)} onChange={(e) => onYear(Number(e.target.value))} className="rk-fin-year" data-testid="funding-year">
        {(years.includes(year) ? years : [year, ...years]).map((y) => (
          <SelectOption key={y} value={String(y)}>
            {y}
          </SelectOption>
        ))}
      </Select>
    </div>
  );
}

/**
 * A segmented choice: a fieldset of radio buttons styled as a button group (keyboard: arrow keys
 * move within the group, as for any radio group).
 */
export function Segmented<T extends string>(props: {
  name: string;
  legend: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="rk-segmented">
      <legend className="rk-segmented__legend">{props.legend}</legend>
      <div className="rk-segmented__options">
        {props.options.map((o) => {
          const id = `${props.name}-${o.value}`;
          return (
            <span key={o.value} className="rk-segmented__option">
              <input type="radio" id={id} name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
              <label htmlFor={id}>{o.label}</label>
            </span>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Totals as tiles: label, amount, optional context line. */
export function Figures({ items }: { items: { label: string; value: string; note?: string; tone?: 'over' | 'near' }[] }) {
  return (
    <dl className="rk-fin-figures">
      {items.map((i) => (
        <div key={i.label} className={`rk-fin-figure${i.tone ? ` rk-fin-figure--${i.tone}` : ''}`}>
          <dt>{i.label}</dt>
          <dd className="rk-fin-figure__value">{i.value}</dd>
          {i.note && <dd className="rk-fin-figure__note">{i.note}</dd>}
        </div>
      ))}
    </dl>
  );
}
