import type { IncomingMessage, ServerResponse } from 'node:http';
import { operationsByName } from '../../contracts/operations.ts';
import type { Clock } from '../clock.ts';
import { startCapture } from '../exchange.ts';
import { ConnectionFault } from '../faults.ts';
import type { Journal, JournalEntry, RequestRecord } from '../journal.ts';
import type { Provider } from '../provider.ts';
import type { StateFile } from '../state-file.ts';
import { breakConnection, drainAfterAnswer, type NodeBindings, nodeRequestUrl } from '../transport.ts';
import { checkAnswer } from '../verdict.ts';
import { type Answer, inProcessResponse, jsonAnswer, toResponse, writeAnswer } from './answer.ts';
import { Call } from './call.ts';
import { journalRecord, monotonicMs } from './journal.ts';
import { isPromise } from './steps.ts';

export interface PipelineOptions {
  clock: Clock;
  journal: Journal;
  /** The providers in dispatch order (replaced by `reset()`, so asked each time). */
  providers(): readonly Provider[];
  /** Keep request and answer beside the journal entry: always, never, or while the journal is watched. */
  journalBodies: boolean | 'watched';
  /** What no provider owns: the control API, the console pages, the OpenAPI documents (the Hono app). */
  app(request: Request, env: NodeBindings): Response | Promise<Response>;
  /** The state file, when there is one: a change is acknowledged only once it is saved. */
  stateFile(): StateFile | undefined;
}

export interface Pipeline {
  /** The entry point of in-process callers (`emulator.fetch`, MSW) and of the app's adapter. */
  fetch(request: Request, env?: NodeBindings): Promise<Response>;
  /**
   * The HTTP listener's entry point: answers a request a provider owns straight on Node's response, from
   * Node's message, and returns true; false leaves the request to the app (the control API, the console
   * pages, the OpenAPI documents, and any request whose exchange the journal keeps). `first`: headers the
   * listener puts on every answer, written first (name, value, name, value, …).
   */
  serveNode(incoming: IncomingMessage, outgoing: ServerResponse, first?: readonly string[]): boolean;
  /** What the app's catch-all calls: a path no route of the app serves, answered and journalled here. */
  unrouted(request: Request, env: NodeBindings): Promise<Response>;
}

/** What the listener answers when the pipeline itself fails (a bug): as the app's default error handler. */
const INTERNAL_ERROR: Answer = {
  status: 500,
  headers: { 'content-type': 'text/plain; charset=UTF-8' },
  body: 'Internal Server Error',
};

/**
 * The request pipeline around the providers, in order: find the owner; keep the exchange when the journal is
 * watched; the provider's gateway, its steps in its own order (request id, method, body limit, authentication,
 * faults, the operation; errors rendered in its shapes: see `gateway.ts`); a connection fault breaks the
 * connection; the state file settles; the journal records the answer with its contract verdict. Every
 * transport runs this same pipeline; only the edges differ (Node's message and response over HTTP, WHATWG
 * `Request` and `Response` in-process).
 */
export function createPipeline(deps: PipelineOptions): Pipeline {
  /** The provider that owns the call, named in its journal record (which says `emulator` when none does). */
  const ownerOf = (call: Call) => {
    const owner = deps.providers().find((p) => p.owns(call));
    if (owner) call.record.provider = owner.name;
    return owner;
  };
  const freshRecord = (): RequestRecord => ({ provider: 'emulator', operation: '' });
  const capturing = () => {
    const keep = deps.journalBodies;
    return keep === true || (keep === 'watched' && deps.journal.watched);
  };

  /** The answer settled with the state file and journalled (see `answerCall`). */
  const settled = (
    call: Call,
    provider: Provider | undefined,
    stateFile: StateFile | undefined,
    mark: number,
    time: number,
    started: number,
    answer: Answer | undefined,
  ): Answered => {
    // Nothing is acknowledged that is not saved (a broken connection acknowledges nothing either way).
    if (provider && stateFile && answer && !stateFile.settle(mark))
      answer = provider.unavailable(call, call.record, answer);
    const entry = journalRecord(deps.journal, call, provider, answer ? answer.status : 0, time, started);
    return { answer, entry };
  };

  /**
   * Answers a call a provider owns (or the 404 of a path nobody serves) and journals it: the answer, or
   * `undefined` when a connection fault broke the connection instead. At once when the provider's steps were
   * synchronous: no promise is made for it.
   */
  const answerCall = (
    call: Call,
    provider: Provider | undefined,
    env: NodeBindings,
    first?: readonly string[],
  ): Answered | Promise<Answered> => {
    const started = monotonicMs();
    const time = deps.clock.now();
    const stateFile = deps.stateFile();
    const mark = stateFile?.mark() ?? 0;
    let out: Answer | Promise<Answer>;
    try {
      out = provider ? provider.handle(call) : unknownPath(call);
    } catch (error) {
      return settled(call, provider, stateFile, mark, time, started, broken(call, env, first, error));
    }
    if (!isPromise(out)) return settled(call, provider, stateFile, mark, time, started, out);
    return out.then(
      (answer) => settled(call, provider, stateFile, mark, time, started, answer),
      (error: unknown) =>
        settled(call, provider, stateFile, mark, time, started, broken(call, env, first, error)),
    );
  };

  /** `answerCall`, then the exchange kept beside the journal entry. */
  const serve = async (
    call: Call,
    provider: Provider | undefined,
    env: NodeBindings,
    capture: ReturnType<typeof startCapture>,
  ): Promise<{ answer: Answer | undefined; response?: Response }> => {
    const { answer, entry } = await answerCall(call, provider, env);
    const { record } = call;
    const captured = await capture(answer && toResponse(answer));
    const exchange = captured.exchange.response;
    // An error is no success to check, whatever its status (some providers answer errors with 200); nor is
    // a HEAD's answer, which has the GET's headers and no body.
    if (exchange && !record.error && provider && call.method !== 'HEAD') {
      entry.verdict = checkAnswer(
        operationsByName[provider.name][entry.operation],
        exchange.status,
        {
          text: exchange.body,
          truncated: exchange.truncated,
          json: /json/i.test(exchange.headers['content-type'] ?? ''),
        },
        entry.verdict,
      );
    }
    deps.journal.attach(entry, captured.exchange, captured.credentials);
    return { answer, ...(captured.response ? { response: captured.response } : {}) };
  };

  /**
   * A WHATWG request answered (`answerCall`, or `serve` when the journal keeps the exchange): its answer as a
   * `Response`, or the transport's "connection broken"; at once when the provider answered at once.
   */
  const serveRequest = (
    request: Request,
    env: NodeBindings,
    call: Call,
    provider: Provider | undefined,
  ): Response | Promise<Response> => {
    if (!capturing()) {
      // Over HTTP the body is read from Node's message.
      call.readBodyFromNode();
      const out = answerCall(call, provider, env);
      return isPromise(out) ? out.then(({ answer }) => responseOf(answer, env)) : responseOf(out.answer, env);
    }
    const capture = startCapture(request);
    // The capture reads the body from a clone, which a GET or HEAD does not have.
    if (request.method === 'GET' || request.method === 'HEAD') call.readBodyFromNode();
    return serve(call, provider, env, capture).then(
      ({ answer, response }) => response ?? responseOf(answer, env),
    );
  };

  return {
    /**
     * A request a provider owns goes straight to it: no provider owns a path of the control API, the console
     * pages or the OpenAPI documents, so the app's router would only have passed it on to its catch-all, at a
     * fifth of a small request's cost. Everything else goes through the app.
     */
    async fetch(request, env) {
      const call = Call.of(request, freshRecord(), env?.incoming);
      const provider = ownerOf(call);
      if (!provider) return deps.app(request, env);
      try {
        const out = serveRequest(request, env, call, provider);
        return isPromise(out) ? await out : out;
      } catch (error) {
        // What the app's default error handler does; providers answer their own errors, so this is a bug.
        console.error(error);
        return toResponse(INTERNAL_ERROR);
      }
    },
    serveNode(incoming, outgoing, first) {
      if (capturing()) return false;
      const url = nodeRequestUrl(incoming);
      if (!url) return false;
      const call = new Call(incoming.method ?? 'GET', url, freshRecord(), incoming, undefined);
      const provider = ownerOf(call);
      if (!provider) return false;
      let out: Answered | Promise<Answered>;
      try {
        out = answerCall(call, provider, { incoming, outgoing }, first);
      } catch (error) {
        failed(outgoing, first, error);
        return true;
      }
      if (!isPromise(out)) delivered(incoming, outgoing, first, out.answer);
      else
        out.then(
          ({ answer }) => delivered(incoming, outgoing, first, answer),
          (error: unknown) => failed(outgoing, first, error),
        );
      return true;
    },
    async unrouted(request, env) {
      const call = Call.of(request, freshRecord(), env?.incoming);
      const provider = ownerOf(call);
      return serveRequest(request, env, call, provider);
    },
  };
}

interface Answered {
  answer: Answer | undefined;
  entry: JournalEntry;
}

/** The answer to a request no provider owns (the app's catch-all sends it here). */
function unknownPath(call: Call): Answer {
  call.record.operation = 'unknownPath';
  return jsonAnswer(
    { error: 'not_found', message: `No provider serves ${call.method} ${call.pathname}` },
    404,
  );
}

/** An answer as a WHATWG request's caller reads it, or the transport's "connection broken". */
function responseOf(answer: Answer | undefined, env: NodeBindings): Response | Promise<Response> {
  // The app's Node adapter writes the global `Response` it put in place; an in-process caller reads ours.
  if (answer) return env?.outgoing ? toResponse(answer) : inProcessResponse(answer);
  if (!env?.outgoing) return Response.error();
  // Only the app's Node adapter calls with `env` (and has loaded this module): it writes nothing for it.
  return import('@hono/node-server/utils/response').then((m) => m.RESPONSE_ALREADY_SENT);
}

/** A connection fault breaks the connection instead of an answer; anything else is a bug, thrown on. */
function broken(
  call: Call,
  env: NodeBindings,
  first: readonly string[] | undefined,
  error: unknown,
): undefined {
  if (!(error instanceof ConnectionFault)) throw error;
  call.record.code = `connection:${error.kind}`;
  breakConnection(error.kind, env, first);
  return undefined;
}

/** An answer over HTTP waiting for the end of the event loop's poll phase (see `delivered`). */
interface Delivery {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  first: readonly string[] | undefined;
  answer: Answer;
}

const deliveries: Delivery[] = [];
/** Taken at load: a test's fake timers, installed later, must not hold answers back. */
const afterPoll = setImmediate;

/**
 * Writes an answer over HTTP (none when the connection was broken instead), together with every other answer
 * made ready in the same poll phase of the event loop: one write per answer, as before, but back to back.
 * Under load a poll phase reads many requests; a client waiting on its sockets is woken by the first answer of
 * the batch and finds the others there, where answers written one at a time, each after its own request's
 * work, woke it once per answer. Those wake-ups cost the sending process ~4–6 µs of kernel time each (7–11 %
 * of its CPU under load), and kept server and client in lock step, one request at a time: a token request cost
 * a quarter more CPU written that way (BENCHMARKS.md). Nothing is added to an answer's latency but the rest of
 * its poll phase, which ends before any timer or new input is looked at.
 */
function delivered(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  first: readonly string[] | undefined,
  answer: Answer | undefined,
): void {
  if (!answer) return;
  if (deliveries.length === 0) afterPoll(deliverPending);
  deliveries.push({ incoming, outgoing, first, answer });
}

/**
 * Writes the answers waiting for the end of the poll phase now: a listener closing its connections calls it
 * first, so that no request whose effect is kept (and saved) goes unanswered.
 */
export function deliverPending(): void {
  // Read live: an answer made while the batch is written (a pipelined request let through) joins it.
  for (const { incoming, outgoing, first, answer } of deliveries) {
    try {
      writeAnswer(outgoing, answer, first);
      drainAfterAnswer(incoming, outgoing);
    } catch (error) {
      failed(outgoing, first, error);
    }
  }
  deliveries.length = 0;
}

/** The pipeline itself failed (a bug): logged, and answered as the app's default error handler does. */
function failed(outgoing: ServerResponse, first: readonly string[] | undefined, error: unknown): void {
  console.error(error);
  if (!outgoing.headersSent) writeAnswer(outgoing, INTERNAL_ERROR, first);
}
