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
  { to: '/bookings', label: 'nav.bookings' },
  { to: '/events', label: 'nav.events' },
  { to: '/notifications', label: 'nav.notifications' },
  { to: '/staff/attendance', label: 'nav.staffAttendance', roles: ['owner', 'admin', 'trainer'] },
  { to: '/staff/classes', label: 'nav.staffClasses', roles: ['owner', 'admin', 'trainer'] },
  { to: '/staff/events', label: 'nav.staffEvents', roles: ['owner', 'admin', 'trainer'] },
  { to: '/staff/members', label: 'nav.staffMembers', roles: ['owner', 'admin', 'trainer', 'physio'] },
  { to: '/staff/settings', label: 'nav.staffSettings', roles: ['owner', 'admin'] },
  { to: '/staff/audit', label: 'nav.staffAudit', roles: ['owner', 'admin'] },
  { to: '/segments', label: 'nav.segments' },
  { to: '/rehab', label: 'nav.rehab', roles: ['member'] },
  { to: '/rehab/patients', label: 'nav.rehabPatients', roles: ['physio', 'owner', 'admin'] },
  { to: '/nutrition', label: 'nav.nutrition' },
  { to: '/nutrition/plans', label: 'nav.nutritionPlans' },
  { to: '/nutrition/builder', label: 'nav.nutritionBuilder', roles: ['owner', 'admin', 'trainer'] },
  { to: '/nutrition/analytics', label: 'nav.nutritionAnalytics', roles: ['owner', 'admin', 'trainer'] },
];

export const navFor = (role: Role | null) =>
  NAV.filter((i) => !i.roles || (role !== null && i.roles.includes(role)));

/** Whether the menu item `to` is the current page or one of its sub-pages (exact for the dashboard, `/`). */
export function menuActive(to: string, pathname: string): boolean {
  if (to === '/') return pathname === '/';
  return pathname === to || pathname.startsWith(to + '/');
}

/** Pages that need no session. */
export const PUBLIC_PATHS = ['/sign-in', '/register', '/sign-in/callback'];
