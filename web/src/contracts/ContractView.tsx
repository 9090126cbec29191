import { Paragraph } from '@utrecht/component-library-react';
import type { Landscape, SessionUser } from '../api-types';

/** Placeholder until this view is built (issue #6). */
export default function ContractView(_props: { landscape: Landscape; user: SessionUser | null; procedureId?: number; contractId?: number; providerId?: number }) {
  return <Paragraph>Dit onderdeel wordt gebouwd.</Paragraph>;
}
