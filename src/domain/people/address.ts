/**
 * The BRP address of a family (iJw Contact Soort 01 "BRP-adres", CDT_Adres): the address an
 * allocation message (JW301) carries (TR061, CD034). Pure validation against the iJw field
 * formats (basisschema.xsd: LDT_Straatnaam max. 24, LDT_Huisnummer 1..99999, LDT_Huisletter 1,
 * LDT_HuisnummerToevoeging max. 4, LDT_Plaatsnaam max. 80)
 * and the Dutch postcode format (four digits, the first not 0, and two letters).
 */

export interface BrpAdres {
  straat: string;
  huisnummer: number;
  /** iJw LDT_Huisletter: one letter (BRP: a letter a-z), optional. */
  huisletter?: string;
  /** iJw LDT_HuisnummerToevoeging: 1 to 4 characters, optional. */
  toevoeging?: string;
  /** Normalised: "1234AB". */
  postcode: string;
  woonplaats: string;
}

export type AddressErrors = Partial<Record<keyof BrpAdres, string>>;

/** Validates and normalises an address; returns the errors per field (in Dutch) when it is not valid. */
export function validateBrpAdres(input: {
  straat: string;
  huisnummer: number | string;
  huisletter?: string;
  toevoeging?: string;
  postcode: string;
  woonplaats: string;
}): { adres: BrpAdres } | { errors: AddressErrors } {
  const errors: AddressErrors = {};
  const straat = input.straat.trim().replace(/\s+/g, ' ');
  const woonplaats = input.woonplaats.trim().replace(/\s+/g, ' ');
  const postcode = input.postcode.replace(/\s+/g, '').toUpperCase();
  const huisnummer =
    typeof input.huisnummer === 'number' ? input.huisnummer : /^\d{1,5}$/.test(input.huisnummer.trim()) ? Number(input.huisnummer.trim()) : NaN;
  if (!straat) errors.straat = 'Vul de straat in.';
  else if (straat.length > 24) errors.straat = 'De straatnaam is in de BRP hoogstens 24 tekens (gebruik de verkorte straatnaam).';
  if (!Number.isInteger(huisnummer) || huisnummer < 1 || huisnummer > 99999)
    errors.huisnummer = 'Het huisnummer is een getal van 1 tot en met 99999 (zonder toevoeging).';
  const huisletter = input.huisletter?.trim() ?? '';
  const toevoeging = input.toevoeging?.trim() ?? '';
  if (huisletter && !/^[A-Za-z]$/.test(huisletter)) errors.huisletter = 'De huisletter is één letter, bijvoorbeeld A.';
  if (toevoeging.length > 4) errors.toevoeging = 'De toevoeging is hoogstens 4 tekens, bijvoorbeeld 2 hg of bis.';
  if (!/^[1-9]\d{3}[A-Z]{2}$/.test(postcode)) errors.postcode = 'De postcode is vier cijfers en twee letters, bijvoorbeeld 4811 AB.';
  else if (/^\d{4}(SA|SD|SS)$/.test(postcode)) errors.postcode = 'Postcodes met de letters SA, SD of SS bestaan niet.';
  if (!woonplaats) errors.woonplaats = 'Vul de woonplaats in.';
  else if (woonplaats.length > 80) errors.woonplaats = 'De woonplaats is hoogstens 80 tekens.';
  return Object.keys(errors).length > 0
    ? { errors }
    : {
        adres: {
          straat,
          huisnummer,
          ...(huisletter ? { huisletter: huisletter.toUpperCase() } : {}),
          ...(toevoeging ? { toevoeging } : {}),
          postcode,
          woonplaats,
        },
      };
}
