import type { en } from '../i18n/en';
import '../i18n/staff-nav';
// The segments namespace carries its menu label.
import '../i18n/segments';

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
  { to: '/timetable', label: 'live:timetable' },
  { to: '/bookings', label: 'nav.bookings' },
  { to: '/events', label: 'nav.events' },
  { to: '/notifications', label: 'nav.notifications' },
  { to: '/staff/attendance', label: 'staff:nav_attendance', roles: ['owner', 'admin', 'trainer'] },
  { to: '/staff/classes', label: 'staff:nav_classes', roles: ['owner', 'admin', 'trainer'] },
  { to: '/staff/events', label: 'staff:nav_events', roles: ['owner', 'admin', 'trainer'] },
  { to: '/staff/members', label: 'staff:nav_members', roles: ['owner', 'admin', 'trainer', 'physio'] },
  { to: '/staff/settings', label: 'staff:nav_settings', roles: ['owner', 'admin'] },
  { to: '/staff/audit', label: 'staff:nav_audit', roles: ['owner', 'admin'] },
  { to: '/segments', label: 'segments:nav_label' },
  { to: '/rehab', label: 'nav.rehab', roles: ['member'] },
  { to: '/rehab/patients', label: 'nav.rehabPatients', roles: ['physio', 'owner', 'admin'] },
];

export const navFor = (role: Role | null) =>
  NAV.filter((i) => !i.roles || (role !== null && i.roles.includes(role)));

/** Pages that need no session. */
export const PUBLIC_PATHS = ['/sign-in', '/register', '/sign-in/callback'];
