import { ROLES, type Role } from '@pulso/contracts';

/** The gym role groups that routes (`config.access`) and services check against: one definition each. */
export const ALL_ROLES: readonly Role[] = ROLES;
export const STAFF: readonly Role[] = ['owner', 'admin', 'trainer', 'physio'];
export const MANAGERS: readonly Role[] = ['owner', 'admin'];
/** Who may lead a class or edit events. */
export const INSTRUCTORS: readonly Role[] = ['owner', 'admin', 'trainer'];
