import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { costMicros } from './pricing.js';

/** Why one call to the model did not give a usable answer. */
export type AttemptFailure =
  | 'server_error'
  | 'rate_limited'
  | 'timeout'
  | 'connection'
  | 'refused'
  | 'invalid_json'
  | 'schema'
  | 'unknown_foods'
  | 'off_targets';

/** How a structured call ended, when it did not give a value. */
export type CallFailure = 'budget' | 'failed' | 'invalid' | 'unknown_foods' | 'off_targets';

/** Reserves a call's worst-case cost before it is made and books its real cost after (the gym's budget). */
export interface Meter {
  reserve(micros: number): Promise<boolean>;
  settle(reservedMicros: number, actualMicros: number): Promise<void>;
}

export interface CallReport {
  model: string;
  attempts: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  failures: AttemptFailure[];
}

export type CallResult<T> = CallReport & ({ ok: true; value: T } | { ok: false; reason: CallFailure });

export interface StructuredRequest<T> {
  model: string;
  /** The name of the JSON schema sent with the request. */
  name: string;
  schema: z.ZodType<T>;
  messages: ChatCompletionMessageParam[];
  maxTokens: number;
  /** Prompt tokens the request may count beyond its text (an image). */
  extraPromptTokens?: number;
  /** A further check of a valid answer; returns a correction to send back to the model, or null. */
  check?: (
    value: T,
  ) =>
    | { failure: AttemptFailure; correction: string }
    | null
    | Promise<{ failure: AttemptFailure; correction: string } | null>;
  /** Told of every attempt's outcome ('ok' or its failure), for metrics. */
  onAttempt?: (outcome: AttemptFailure | 'ok') => void;
  meter: Meter;
}

export interface AiClientOptions {
  baseUrl: string | undefined;
  apiKey: string;
  /** One structured call's overall deadline, retries and waits included. */
  deadlineMs: number;
  maxAttempts?: number;
  /** First backoff step; doubles per attempt, capped, with full jitter. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  random?: () => number;
}

/** The JSON schema of a Zod schema as structured output wants it: strict (no dialect keyword). */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' });
  return json;
}

/** Tokens a text may count, erring high: about four characters per token in English, three assumed here. */
function estimateTokens(messages: ChatCompletionMessageParam[]): number {
  return Math.ceil(JSON.stringify(messages).length / 3) + 16;
}

function retryAfterMs(e: { headers?: Headers | undefined }): number | undefined {
  const raw = e.headers?.get?.('retry-after-ms') ?? undefined;
  if (raw && Number.isFinite(Number(raw))) return Number(raw);
  const s = e.headers?.get?.('retry-after');
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n * 1000 : undefined;
}

/**
 * An OpenAI-compatible chat-completions client that asks for structured output and owns its retries: the
 * official client's retries are off (`maxRetries: 0`) so that every wait and attempt happens inside our one
 * deadline. Failures that may pass (429, 5xx, timeouts, connection errors, an answer that is not valid JSON,
 * breaks the schema or names unknown foods) are retried with exponential backoff and full jitter (Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015), honouring `Retry-After`; a wait that would pass
 * the deadline is not started.
 */
export function createAiClient(o: AiClientOptions) {
  const client = new OpenAI({
    apiKey: o.apiKey,
    baseURL: o.baseUrl,
    maxRetries: 0,
    timeout: o.deadlineMs,
  });
  const maxAttempts = o.maxAttempts ?? 3;
  const base = o.backoffBaseMs ?? 250;
  const cap = o.backoffCapMs ?? 4000;
  const random = o.random ?? Math.random;

  async function structured<T>(req: StructuredRequest<T>): Promise<CallResult<T>> {
    const report: CallReport = {
      model: req.model,
      attempts: 0,
      promptTokens: 0,
      completionTokens: 0,
      costMicros: 0,
      failures: [],
    };
    // Monotonic time for the deadline: this measures a duration, it does not date anything.
    const end = performance.now() + o.deadlineMs;
    const deadline = AbortSignal.timeout(o.deadlineMs);
    const messages = req.messages.slice();
    const format = {
      type: 'json_schema' as const,
      json_schema: { name: req.name, schema: jsonSchemaOf(req.schema), strict: true },
    };
    const fail = (reason: CallFailure): CallResult<T> => ({ ...report, ok: false, reason });
    const lastReason = (): CallFailure => {
      const last = report.failures.at(-1);
      if (last === 'unknown_foods') return 'unknown_foods';
      if (last === 'off_targets') return 'off_targets';
      if (last === 'invalid_json' || last === 'schema') return 'invalid';
      return 'failed';
    };

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const remaining = end - performance.now();
      if (remaining < 50) break;
      const worst = costMicros(
        req.model,
        estimateTokens(messages) + (req.extraPromptTokens ?? 0),
        req.maxTokens,
      );
      if (!(await req.meter.reserve(worst))) return fail('budget');
      report.attempts++;
      let answer: OpenAI.Chat.Completions.ChatCompletion;
      try {
        answer = await client.chat.completions.create(
          {
            model: req.model,
            messages,
            response_format: format,
            max_tokens: req.maxTokens,
            temperature: 0.4,
          },
          { signal: deadline, timeout: Math.ceil(remaining), maxRetries: 0 },
        );
      } catch (e) {
        let failure: AttemptFailure = 'connection';
        let wait: number | undefined;
        if (e instanceof APIConnectionTimeoutError || e instanceof APIUserAbortError) failure = 'timeout';
        else if (e instanceof APIError && e.status === 429) {
          failure = 'rate_limited';
          wait = retryAfterMs(e as { headers?: Headers });
        } else if (e instanceof APIError && typeof e.status === 'number' && e.status >= 500)
          failure = 'server_error';
        else if (e instanceof APIError && typeof e.status === 'number') failure = 'refused';
        else if (!(e instanceof APIConnectionError) && (e as Error)?.name !== 'AbortError') throw e;
        // A call that timed out may still have been billed: its worst case stays spent. Error answers are not.
        await req.meter.settle(worst, failure === 'timeout' ? worst : 0);
        if (failure === 'timeout') report.costMicros += worst;
        report.failures.push(failure);
        req.onAttempt?.(failure);
        if (failure === 'refused' || attempt === maxAttempts) break;
        const backoff = random() * Math.min(cap, base * 2 ** (attempt - 1));
        const pause = Math.max(wait ?? 0, backoff);
        if (end - performance.now() - pause < 50) break;
        try {
          await sleep(pause, undefined, { signal: deadline });
        } catch {
          break;
        }
        continue;
      }
      const usage = answer.usage;
      const actual = usage ? costMicros(req.model, usage.prompt_tokens, usage.completion_tokens) : worst;
      await req.meter.settle(worst, actual);
      report.promptTokens += usage?.prompt_tokens ?? 0;
      report.completionTokens += usage?.completion_tokens ?? 0;
      report.costMicros += actual;
      const content = answer.choices[0]?.message?.content ?? '';
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        report.failures.push('invalid_json');
        req.onAttempt?.('invalid_json');
        continue;
      }
      const parsed = req.schema.safeParse(json);
      if (!parsed.success) {
        report.failures.push('schema');
        req.onAttempt?.('schema');
        continue;
      }
      const problem = await req.check?.(parsed.data);
      if (problem) {
        report.failures.push(problem.failure);
        req.onAttempt?.(problem.failure);
        messages.push({ role: 'assistant', content }, { role: 'user', content: problem.correction });
        continue;
      }
      req.onAttempt?.('ok');
      return { ...report, ok: true, value: parsed.data };
    }
    return fail(lastReason());
  }

  return { structured };
}

export type AiClient = ReturnType<typeof createAiClient>;
