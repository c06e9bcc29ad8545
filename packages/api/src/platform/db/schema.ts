// Every table of every module, so Drizzle's relational queries and drizzle-kit see one schema.
export * from '../../modules/accounts/tables.js';
export * from '../../modules/gyms/tables.js';
export * from '../../modules/reservations/tables.js';
export * from '../../modules/schedule/tables.js';
export * from '../../modules/notifications/tables.js';
export * from '../../modules/events/tables.js';
export * from '../calendar/tables.js';
export * from '../audit/tables.js';
export * from '../../modules/running/tables.js';
export * from '../../modules/training/tables.js';
