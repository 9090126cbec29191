/**
 * Builds the answer message JW319 (antwoordbericht) on a request for allocation (JW315) or for a
 * change (JW317), typed and serialized through the codec.
 *
 * WJ760 VerzoekAntwoord: 1 = verzoek afgewezen, 2 = aanvraag in onderzoek.
 * WJ759 RedenAfwijzingVerzoek: required with 1 (CD085), empty with 2 (CD086). Reason 8
 * (woonplaatsbeginsel) names the responsible municipality in the class Woonplaatsbeginsel
 * (TR377); with any other reason that class is left out (TR409).
 * One answer per ReferentieAanbieder: for a JW315 that is one requested product, for a JW317 the
 * whole request (IV097). "In onderzoek" may be sent once per reference (TR360) and never after an
 * allocation with that reference (TR359): the app layer keeps that order.
 */
import { serialize } from '../codec.js';
import type { JW319 } from '../generated/messages.js';
import { WJ759, type WJ759Code } from '../generated/codelists.js';
import { header, IjwBuildError, type MessageIdentity } from './jw301.js';

export type Jw319Antwoord =
  | { soort: 'in-onderzoek' }
  | { soort: 'afgewezen'; reden: WJ759Code; /** CBS code of the responsible municipality, with reason 8 only. */ woonplaatsGemeente?: string };

export interface Jw319Input extends MessageIdentity {
  /** CBS gemeentecode (Afzender). */
  gemeente: string;
  /** AGB code of the provider (Ontvanger). */
  aanbieder: string;
  referentieAanbieder: string;
  antwoord: Jw319Antwoord;
}

export function jw319Message(input: Jw319Input): JW319 {
  const a = input.antwoord;
  let antwoord: JW319['Antwoord'];
  if (a.soort === 'in-onderzoek') {
    antwoord = { ReferentieAanbieder: input.referentieAanbieder, VerzoekAntwoord: '2' };
  } else {
    if (!(a.reden in WJ759)) throw new IjwBuildError(`RedenAfwijzingVerzoek ${a.reden} is not in WJ759`);
    if (a.reden === '8') {
      if (!a.woonplaatsGemeente || !/^\d{4}$/.test(a.woonplaatsGemeente))
        throw new IjwBuildError('reason 8 (woonplaatsbeginsel) names the responsible municipality (4-digit CBS code) (TR377)');
      if (a.woonplaatsGemeente === input.gemeente)
        throw new IjwBuildError('under the woonplaatsbeginsel the responsible municipality is another one than the sender');
    } else if (a.woonplaatsGemeente) {
      throw new IjwBuildError(`a responsible municipality is only named with reason 8 (woonplaatsbeginsel), not with reason ${a.reden} (TR409)`);
    }
    antwoord = {
      ReferentieAanbieder: input.referentieAanbieder,
      VerzoekAntwoord: '1',
      RedenAfwijzingVerzoek: a.reden,
      ...(a.reden === '8' ? { Woonplaatsbeginsel: { Gemeente: a.woonplaatsGemeente! } } : {}),
    };
  }
  return { Header: header('JW319', input.gemeente, input.aanbieder, input), Antwoord: antwoord };
}

export function buildJw319(input: Jw319Input): string {
  return serialize('JW319', jw319Message(input));
}
