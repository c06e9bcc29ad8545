/**
 * While the app closes, a request that still arrives on a kept-alive connection is turned away with a 503
 * problem+json (with Retry-After), not Fastify's plain JSON; the request already in flight is answered normally.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestApp, waitFor } from '../harness.js';

describe('draining', () => {
  it('answers requests that arrive after close() began with 503 problem+json', async () => {
    const t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const body = JSON.stringify({ email: 'nobody@test.pulso.example', password: 'not the password at all' });
    const half = Math.floor(body.length / 2);
    const headersIn = new Promise((resolve) => t.app.server.once('request', resolve));
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let ended = false;
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (received += c));
    socket.on('close', () => (ended = true));
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
    );
    // The first request is in flight (its headers are in, its body is not) when close() begins.
    await headersIn;
    const closed = t.close();
    // The rest of its body, then a second request pipelined on the same connection.
    socket.write(`${body.slice(half)}GET /health HTTP/1.1\r\nHost: x\r\n\r\n`);
    await waitFor(() => ended, 10_000, 'the server to close the connection');
    await closed;
    const responses = received.split(/(?=HTTP\/1\.1 \d{3})/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 401/);
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503/);
    expect(responses[1]).toMatch(/content-type: application\/problem\+json/i);
    expect(responses[1]).toMatch(/retry-after: 5/i);
    expect(responses[1]).toContain('"status":503');
  });
});
