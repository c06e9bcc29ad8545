// The floor of a durable write over HTTP on this machine (write-floor.mjs): a bare Fastify 5 route that makes one
// INSERT through the API's own driver and pool settings (postgres.js, 20 connections, prepared statements), in
// autocommit, so each answer waits for its own commit's WAL flush as every write route of the API does. No
// authentication, validation, cache or audit: what any write route costs at the least. Prints `{"port":N}`.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/api/package.json', import.meta.url));
const Fastify = require('fastify');
const postgres = require('postgres');

// FLOOR_PG_PATH: PostgreSQL's Unix socket instead of TCP (the same database).
const sql = postgres(process.env.FLOOR_DATABASE_URL, {
  max: 20,
  prepare: true,
  onnotice: () => {},
  ...(process.env.FLOOR_PG_PATH ? { path: process.env.FLOOR_PG_PATH } : {}),
});
const app = Fastify({ logger: false });
let n = 0;
app.get('/read', async () => {
  const [row] = await sql`select id, gym_id, member_id, at from floor_write where id = ${1 + (n++ % 1000)}`;
  return row ?? {};
});
app.post('/write', async (req, reply) => {
  const b = req.body ?? {};
  const [row] =
    await sql`insert into floor_write (gym_id, member_id, body) values (${b.gym ?? 1}, ${b.member ?? 1}, ${sql.json(b)}) returning id, at`;
  reply.code(201);
  return row;
});

await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: app.server.address().port }));
const stop = () =>
  app
    .close()
    .then(() => sql.end())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
