import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import { ProviderError } from '../../errors.ts';
import { Memo } from '../../memo.ts';

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

/** What the version headers are read from: the call itself, so that no look-up function is made per request. */
interface Headed {
  header(name: string): string | undefined;
}

/**
 * The version string the client asked for, as microversion_parse.get_version finds it: the standard
 * `OpenStack-API-Version` header first (comma items read right to left, service name case-insensitive),
 * then the legacy `X-OpenStack-Nova-API-Version` (its last comma item).
 */
export function requestedMicroversion(request: Headed): string | undefined {
  const standard = request.header('openstack-api-version');
  if (standard !== undefined) {
    for (const item of standard.split(',').reverse()) {
      const [service, ...rest] = item.trim().split(/\s+/);
      if (rest.length > 0 && service?.toLowerCase() === 'compute') return rest.join(' ').trim();
    }
  }
  const legacy = request.header('x-openstack-nova-api-version');
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

/**
 * `microversionHeaders` of a negotiated version, built once per version object: negotiation hands out the same
 * object for the same version (the parsed strings are remembered), and an entry goes with its version.
 * Read-only: callers copy them.
 */
const negotiatedHeaders = new WeakMap<Microversion, Readonly<Record<string, string>>>();

export function headersOfVersion(version: Microversion): Readonly<Record<string, string>> {
  let headers = negotiatedHeaders.get(version);
  if (headers === undefined) {
    headers = microversionHeaders(formatMicroversion(version));
    negotiatedHeaders.set(version, headers);
  }
  return headers;
}

/** How many requested version strings keep their parse (clients ask for the same one or two). */
const REQUESTED_VERSIONS = 256;

/** Requested version strings parsed, malformed ones included; the versions are never changed, only compared. */
const requestedVersions = new Memo<string, Microversion | undefined>(REQUESTED_VERSIONS);

/**
 * Resolves the request's microversion against [2.1, max]. A malformed string is a 400 without version
 * headers; an out-of-range one a 406 that still carries the requested version in its headers (§2.3).
 */
export function negotiateMicroversion(request: Headed, max: Microversion): Microversion {
  const requested = requestedMicroversion(request);
  if (requested === undefined || requested === '') return MIN_MICROVERSION;
  if (requested === 'latest') return max;
  const version = requestedVersions.get(requested, () => parseMicroversion(requested));
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
