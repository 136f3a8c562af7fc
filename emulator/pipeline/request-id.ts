import type { Call } from './call.ts';

/**
 * The request id step: the first of every gateway. Each provider writes its ids its own way (`req-<uuid>`,
 * 32 hex digits, an upper-case UUID) and puts them in its own headers; the journal keeps them all.
 */
export function assignRequestId<C extends Call>(call: C, id: string): string {
  call.record.requestId = id;
  return id;
}
