import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible chat-completions server on loopback for tests: each request takes the next scripted
 * step (when the script is empty, `fallback` answers). Records every request body so tests can check what was
 * asked (model, structured-output schema, images).
 */
export type StubStep =
  | { kind: 'json'; content: unknown; usage?: { prompt: number; completion: number } }
  | { kind: 'text'; content: string }
  | { kind: 'status'; status: number; retryAfter?: number; body?: unknown }
  | { kind: 'hang' };

export interface StubRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: unknown }[];
    response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
    max_tokens?: number;
  };
}

export interface Stub {
  /** Base URL for the client (`.../v1`). */
  url: string;
  requests: StubRequest[];
  script(...steps: StubStep[]): void;
  /** What answers once the script is used up. */
  fallback: StubStep;
  close(): Promise<void>;
}

let ids = 0;

function completion(model: string, content: string, usage = { prompt: 900, completion: 400 }) {
  return {
    id: `chatcmpl-stub-${++ids}`,
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startStub(): Promise<Stub> {
  const queue: StubStep[] = [];
  const requests: StubRequest[] = [];
  const stub: Stub = {
    url: '',
    requests,
    script: (...steps) => {
      queue.length = 0;
      queue.push(...steps);
    },
    fallback: { kind: 'status', status: 500, body: { error: { message: 'no script' } } },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      let body: StubRequest['body'];
      try {
        body = JSON.parse(raw) as StubRequest['body'];
      } catch {
        send(res, 400, { error: { message: 'bad json' } });
        return;
      }
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        send(res, 404, { error: { message: 'not found' } });
        return;
      }
      const step = queue.shift() ?? stub.fallback;
      switch (step.kind) {
        case 'json':
          send(res, 200, completion(body.model, JSON.stringify(step.content), step.usage));
          return;
        case 'text':
          send(res, 200, completion(body.model, step.content));
          return;
        case 'status':
          send(
            res,
            step.status,
            step.body ?? { error: { message: `status ${step.status}`, type: 'server_error' } },
            step.retryAfter === undefined ? {} : { 'retry-after': String(step.retryAfter) },
          );
          return;
        case 'hang':
          // Never answers; the connection is dropped by close().
          return;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return stub;
}
