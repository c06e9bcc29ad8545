/**
 * The process's own state, for the load balancer: once a shutdown has begun, `/health/ready` answers 503 while
 * requests are still served (SHUTDOWN_DELAY_MS), so the balancer stops sending new ones before the server
 * closes its port and drains. One per process: only `main.ts` sets it.
 */
export const lifecycle = { stopping: false };
