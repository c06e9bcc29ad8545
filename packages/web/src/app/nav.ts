import type { en } from '../i18n/en';

export type Role = 'owner' | 'admin' | 'trainer' | 'physio' | 'member';

/**
 * The menu. An item without `roles` is for everyone signed in (anyone can train as an athlete); with `roles`,
 * only for those roles in the current gym. Pages of other areas add their items here.
 */
export interface NavItem {
  to: string;
  label: `nav.${keyof (typeof en)['nav']}` | (string & {});
  roles?: readonly Role[];
}

export const NAV: NavItem[] = [
  { to: '/', label: 'nav.dashboard' },
  { to: '/check-in', label: 'nav.checkin' },
  { to: '/workouts', label: 'nav.workouts' },
  { to: '/race', label: 'nav.race' },
  { to: '/plan', label: 'nav.plan' },
  { to: '/zones', label: 'nav.zones' },
  { to: '/progress', label: 'nav.progress' },
  { to: '/guides', label: 'nav.guides' },
  { to: '/timetable', label: 'live:timetable' },
];

export const navFor = (role: Role | null) =>
  NAV.filter((i) => !i.roles || (role !== null && i.roles.includes(role)));

/** Pages that need no session. */
export const PUBLIC_PATHS = ['/sign-in', '/register'];
