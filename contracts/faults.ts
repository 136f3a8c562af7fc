import { z } from 'zod';
import { PROVIDER_NAMES } from './providers.ts';

/** How a fault breaks the connection instead of answering (WireMock's names, lower-cased). */
export const connectionFault = z.enum(['reset', 'empty', 'close-mid-body']);
export type ConnectionFaultKind = z.infer<typeof connectionFault>;

function buildFaultRule() {
  const duration = z.union([z.number().nonnegative(), z.string().regex(/^(\d+(\.\d+)?(ms|s|m|h|d)?)+$/)]);
  return z
    .object({
      name: z.string().min(1).optional(),
      provider: z.enum(PROVIDER_NAMES),
      /** The provider's own operation name, e.g. `remoteConsoles`, `DescribeInstanceVncUrl`, `launchUrl`. */
      operation: z.string().min(1).optional(),
      /** A server / instance / session id. */
      resource: z.string().min(1).optional(),
      /** The credential the journal names: a project, an AccessKey id, a user, as the provider identifies callers. */
      credential: z.string().min(1).optional(),
      /** A key or code of the provider's error catalogue. */
      error: z.string().min(1).optional(),
      /** Values for the catalogue message's `{placeholders}`. */
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      latency: duration.optional(),
      connection: connectionFault.optional(),
      /** Fire this many times, then stop matching. */
      times: z.number().int().positive().optional(),
      /** Fire with this probability, drawn from a PRNG seeded with `seed` (default 1): reproducible. */
      probability: z.number().min(0).max(1).optional(),
      seed: z.number().int().optional(),
    })
    .strict()
    .refine((r) => r.error !== undefined || r.latency !== undefined || r.connection !== undefined, {
      message: 'a fault needs at least one of error, latency or connection',
    })
    .refine((r) => !(r.error !== undefined && r.connection !== undefined), {
      message: 'a fault answers with an error or breaks the connection, not both',
    });
}
let built: ReturnType<typeof buildFaultRule> | undefined;

/**
 * A fault rule: plain data that the control API, the CLI and the programmatic API all accept. It matches
 * requests by provider and optionally operation, resource and credential, then answers with a catalogue
 * error of that provider, adds latency, or breaks the connection; `times` or a seeded `probability` bound it.
 *
 * Built when first asked for (`faultRule()`): only a run that is given a fault rule validates one, and its ~55
 * schema objects are a start's cost otherwise.
 */
export function faultRule(): ReturnType<typeof buildFaultRule> {
  built ??= buildFaultRule();
  return built;
}
export type FaultRuleInput = z.input<ReturnType<typeof faultRule>>;
export type FaultRule = z.infer<ReturnType<typeof faultRule>>;
