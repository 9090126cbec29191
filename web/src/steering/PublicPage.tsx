import './steering.css';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import { useState } from 'react';
import type { Landscape } from '../api-types';
import { PublicTable } from './PublicTable';

/** Openbare resultaten: the region's outcomes per segment and provider, without login (seed 002 "transparantie van resultaten op website"). */
export default function PublicPage({ landscape }: { landscape: Landscape }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  return (
    <div className="rk-steering" data-testid="public-page">
      <div className="rk-titlebar">
        <p className="rk-pretitle">{landscape.region.name}</p>
        <Heading level={1}>Resultaten van de jeugdhulp</Heading>
        <Paragraph appearance="lead">
          Hoe de jeugdhulp in de regio afloopt: uitval, tevredenheid, of jeugdigen en ouders zonder hulp verder kunnen en of er na afloop opnieuw hulp nodig is.
          Alleen totalen, nooit gegevens van personen.
        </Paragraph>
      </div>
      <div className="rk-steering-controls">
        <label htmlFor="rk-public-year">Jaar</label>
        <select id="rk-public-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[0, 1, 2, 3].map((d) => (
            <option key={d} value={thisYear - d}>
              {thisYear - d}
            </option>
          ))}
        </select>
      </div>
      <PublicTable regionId={landscape.region.id} year={year} headingLevel={2} />
    </div>
  );
}
