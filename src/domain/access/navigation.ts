/**
 * What each role works with in the web app: the tabs it may use and the start page after login
 * ("Mijn werk"). Pure data about roles (not region policy): the server refuses the same roles on
 * the routes behind each tab, so a tab shown here is one the role can use.
 */
import type { Role } from './roles.js';

export type Tab = 'mijn-werk' | 'landschap' | 'zorggebruik' | 'werklijst' | 'financien' | 'inkoop' | 'sturing' | 'inzagelog';

/** Tabs per role, in the order of the navigation. The landscape and care use are public. */
export const TABS_BY_ROLE: Record<Role, readonly Tab[]> = {
  toegang: ['mijn-werk', 'werklijst', 'sturing', 'landschap', 'zorggebruik'],
  gemeente: ['mijn-werk', 'werklijst', 'financien', 'sturing', 'landschap', 'zorggebruik'],
  aanbieder: ['mijn-werk', 'financien', 'inkoop', 'sturing', 'landschap', 'zorggebruik'],
  contractmanager: ['mijn-werk', 'inkoop', 'financien', 'sturing', 'landschap', 'zorggebruik'],
  controller: ['mijn-werk', 'financien', 'sturing', 'inkoop', 'landschap', 'zorggebruik'],
  beleid: ['mijn-werk', 'sturing', 'zorggebruik', 'financien', 'inkoop', 'landschap'],
  beheer: ['mijn-werk', 'landschap', 'zorggebruik', 'financien', 'inkoop', 'sturing', 'inzagelog'],
  /** The privacy officer (functionaris gegevensbescherming) reads the audit trail. */
  privacy: ['mijn-werk', 'inzagelog', 'landschap'],
};

/** Tabs for a visitor who is not logged in: the public pages. */
export const PUBLIC_TABS: readonly Tab[] = ['landschap', 'zorggebruik'];

/**
 * Attention windows of "Mijn werk" (how far ahead the start page looks; screen choices, not region
 * rules): case signals due within 14 days, contracts ending within 12 months, dialogue actions
 * due within 30 days, a ceiling used for 90% or more.
 */
export const ATTENTION = { caseDueDays: 14, contractEndMonths: 12, actionDueDays: 30, ceilingShare: 0.9 } as const;
