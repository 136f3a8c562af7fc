import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { operationsByName } from '../../contracts/operations.ts';
import { readBodyFromNode } from '../body.ts';
import type { Clock } from '../clock.ts';
import { startCapture } from '../exchange.ts';
import { ConnectionFault } from '../faults.ts';
import type { Journal, RequestRecord } from '../journal.ts';
import type { Provider } from '../provider.ts';
import type { StateFile } from '../state-file.ts';
import { breakConnection, type NodeBindings } from '../transport.ts';
import { checkAnswer } from '../verdict.ts';
import { Call } from './call.ts';
import { journalRecord } from './journal.ts';

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
  /** The one entry point for every transport: the HTTP listener, MSW and in-process callers. */
  fetch(request: Request, env?: NodeBindings): Promise<Response>;
  /** What the app's catch-all calls: a path no route of the app serves, answered and journalled here. */
  unrouted(request: Request, env: NodeBindings): Promise<Response>;
}

/**
 * The request pipeline around the providers, in order: find the owner; keep the exchange when the journal is
 * watched; the provider's gateway, its steps in its own order (request id, method, body limit, authentication,
 * faults, the operation; errors rendered in its shapes: see `gateway.ts`); a connection fault breaks the
 * connection; the state file settles; the journal records the answer with its contract verdict.
 */
export function createPipeline(deps: PipelineOptions): Pipeline {
  const ownerOf = (request: Request, url: URL) => deps.providers().find((p) => p.owns(request, url));

  /** Answers a request a provider owns (or the 404 of a path nobody serves) and journals it. */
  const serve = async (
    request: Request,
    env: NodeBindings,
    url: URL,
    provider: Provider | undefined,
  ): Promise<Response> => {
    const started = performance.now();
    const time = deps.clock.now();
    const record: RequestRecord = { provider: provider?.name ?? 'emulator', operation: '' };
    const call = new Call(request, url, record, env?.incoming);
    const keep = deps.journalBodies;
    const capture =
      keep === true || (keep === 'watched' && deps.journal.watched) ? startCapture(request) : undefined;
    const stateFile = deps.stateFile();
    const mark = stateFile?.mark() ?? 0;
    // The capture leaves a GET's or HEAD's body alone, and the Node adapter's Request has none: read it directly.
    if (env?.incoming && (!capture || request.method === 'GET' || request.method === 'HEAD'))
      readBodyFromNode(request, env.incoming);
    let response: Response;
    let status: number;
    try {
      if (provider) {
        response = await provider.handle(call);
      } else {
        record.operation = 'unknownPath';
        response = Response.json(
          { error: 'not_found', message: `No provider serves ${request.method} ${url.pathname}` },
          { status: 404 },
        );
      }
      status = response.status;
    } catch (error) {
      if (!(error instanceof ConnectionFault)) throw error;
      record.code = `connection:${error.kind}`;
      status = 0;
      response = breakConnection(error.kind, env) ?? RESPONSE_ALREADY_SENT;
    }
    // Nothing is acknowledged that is not saved (a broken connection acknowledges nothing either way).
    if (provider && stateFile && !stateFile.settle(mark) && status !== 0) {
      await response.body?.cancel();
      response = provider.unavailable(request, record, response);
      status = response.status;
    }
    const entry = journalRecord(deps.journal, call, provider, status, time, started);
    if (capture) {
      const captured = await capture(status === 0 ? undefined : response);
      const answer = captured.exchange.response;
      // An error is no success to check, whatever its status (some providers answer errors with 200).
      if (answer && !record.error && provider) {
        entry.verdict = checkAnswer(
          operationsByName[provider.name][entry.operation],
          answer.status,
          {
            text: answer.body,
            truncated: answer.truncated,
            json: /json/i.test(answer.headers['content-type'] ?? ''),
          },
          entry.verdict,
        );
      }
      deps.journal.attach(entry, captured.exchange, captured.credentials);
      response = captured.response ?? response;
    }
    return response;
  };

  return {
    /**
     * A request a provider owns goes straight to it: no provider owns a path of the control API, the console
     * pages or the OpenAPI documents, so the app's router would only have passed it on to its catch-all, at a
     * fifth of a small request's cost. Everything else goes through the app.
     */
    async fetch(request, env) {
      const url = new URL(request.url);
      const provider = ownerOf(request, url);
      if (!provider) return deps.app(request, env as NodeBindings);
      let response: Response;
      try {
        response = await serve(request, env as NodeBindings, url, provider);
      } catch (error) {
        // What the app's default error handler does; providers answer their own errors, so this is a bug.
        console.error(error);
        response = new Response('Internal Server Error', { status: 500 });
      }
      return response;
    },
    unrouted(request, env) {
      const url = new URL(request.url);
      return serve(request, env, url, ownerOf(request, url));
    },
  };
}
