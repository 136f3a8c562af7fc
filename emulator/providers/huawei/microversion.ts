import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { ProviderError } from '../../errors.ts';

/** A Nova API microversion, `major.minor` (docs/providers/huawei.md §2). */
export interface Microversion {
  readonly major: number;
  readonly minor: number;
}

export const MIN_MICROVERSION: Microversion = { major: 2, minor: 1 };
const FORMAT = /^([1-9]\d*)\.([1-9]\d*|0)$/;

export function parseMicroversion(text: string): Microversion | undefined {
  const m = FORMAT.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export const formatMicroversion = (v: Microversion): string => `${v.major}.${v.minor}`;

export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** The versions `atLeast` compares with, parsed once: only the code's own literals are passed, so it stays small. */
const thresholds = new Map<string, Microversion>();

export function atLeast(v: Microversion, text: string): boolean {
  let threshold = thresholds.get(text);
  if (threshold === undefined) {
    threshold = parseMicroversion(text) as Microversion;
    thresholds.set(text, threshold);
  }
  return compareMicroversions(v, threshold) >= 0;
}

/**
 * The version string the client asked for, as microversion_parse.get_version finds it: the standard
 * `OpenStack-API-Version` header first (comma items read right to left, service name case-insensitive),
 * then the legacy `X-OpenStack-Nova-API-Version` (its last comma item).
 */
export function requestedMicroversion(header: (name: string) => string | undefined): string | undefined {
  const standard = header('openstack-api-version');
  if (standard !== undefined) {
    for (const item of standard.split(',').reverse()) {
      const [service, ...rest] = item.trim().split(/\s+/);
      if (rest.length > 0 && service?.toLowerCase() === 'compute') return rest.join(' ').trim();
    }
  }
  const legacy = header('x-openstack-nova-api-version');
  if (legacy === undefined) return undefined;
  return (legacy.includes(',') ? legacy.slice(legacy.lastIndexOf(',') + 1) : legacy).trim();
}

/** The response headers Nova adds to every v2.1 response, faults included (docs/providers/huawei.md §2.4). */
export function microversionHeaders(version: string): Record<string, string> {
  return {
    'OpenStack-API-Version': `compute ${version}`,
    'X-OpenStack-Nova-API-Version': version,
    Vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version',
  };
}

/** How many negotiated versions' headers are kept (Nova's own range, 2.1 to 2.100, fits). */
const NEGOTIATED_HEADERS = 256;

/**
 * `microversionHeaders` of a negotiated version, built once per version (only versions within [2.1, max] are
 * negotiated). Read-only: callers copy them.
 */
const negotiatedHeaders = new Map<string, Readonly<Record<string, string>>>();

export function headersOfVersion(version: Microversion): Readonly<Record<string, string>> {
  const text = formatMicroversion(version);
  let headers = negotiatedHeaders.get(text);
  if (headers === undefined) {
    headers = microversionHeaders(text);
    if (negotiatedHeaders.size < NEGOTIATED_HEADERS) negotiatedHeaders.set(text, headers);
  }
  return headers;
}

/**
 * Resolves the request's microversion against [2.1, max]. A malformed string is a 400 without version
 * headers; an out-of-range one a 406 that still carries the requested version in its headers (§2.3).
 */
export function negotiateMicroversion(
  header: (name: string) => string | undefined,
  max: Microversion,
): Microversion {
  const requested = requestedMicroversion(header);
  if (requested === undefined || requested === '') return MIN_MICROVERSION;
  if (requested === 'latest') return max;
  const version = parseMicroversion(requested);
  if (!version) throw new ProviderError(huaweiErrors.InvalidAPIVersionString, { version: requested });
  if (compareMicroversions(version, MIN_MICROVERSION) < 0 || compareMicroversions(version, max) > 0) {
    throw new ProviderError(
      huaweiErrors.InvalidGlobalAPIVersion,
      {
        version: requested,
        min_version: formatMicroversion(MIN_MICROVERSION),
        max_version: formatMicroversion(max),
      },
      microversionHeaders(requested),
    );
  }
  return version;
}
