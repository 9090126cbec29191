import type { Bron, Source } from '../api-types';

/** A funding API citation (Bron) as the Source that SourceRef shows. */
export const bronSource = (b: Bron | null | undefined): Source | undefined =>
  b ? { seed: b.seed, section: b.sectie, ...(b.citaat ? { quote: b.citaat } : {}) } : undefined;
