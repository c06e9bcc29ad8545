// The baseline of `npm run bench`: a bare Fastify 5 route, no plugins, no logging. It runs in its own process
// so it does not share an event loop with the load generator, and it loads the same Fastify the API uses.
// Prints one JSON line `{"port":N}` once it listens on 127.0.0.1 (PORT, default 0 = any free port).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/api/package.json', import.meta.url));
const Fastify = require('fastify');

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ hello: 'world', ok: true }));

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(JSON.stringify({ port: app.server.address().port, fastify: app.version }));

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
