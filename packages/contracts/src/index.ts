export * from './common.js';
export * from './auth.js';
export * from './gyms.js';
export * from './audit.js';
export * from './health.js';
export * from './running.js';
export * from './race.js';
export * from './training.js';
