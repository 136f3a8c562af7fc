import type { Call } from '../../pipeline/call.ts';
import {
  formatMicroversion,
  type Microversion,
  microversionHeaders,
  negotiateMicroversion,
} from './microversion.ts';
import { type HuaweiCall, type HuaweiWire, json } from './wire.ts';

const versionEntry = (w: HuaweiWire, call: Call) => ({
  id: 'v2.1',
  status: 'CURRENT',
  version: formatMicroversion(w.maxVersion),
  min_version: '2.1',
  updated: '2013-07-23T11:33:21Z',
  links: [{ href: `${w.base(call)}/v2.1/`, rel: 'self' }],
});
const versionDocument = (w: HuaweiWire, call: Call) => {
  const entry = versionEntry(w, call);
  return {
    version: {
      id: entry.id,
      links: [...entry.links, { href: 'http://docs.openstack.org/', rel: 'describedby', type: 'text/html' }],
      'media-types': [
        { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
      ],
      status: entry.status,
      version: entry.version,
      min_version: entry.min_version,
      updated: entry.updated,
    },
  };
};

/** The version document, with the microversion the request was served at. */
export const showVersion = (w: HuaweiWire, call: HuaweiCall, version: Microversion) =>
  json(versionDocument(w, call), 200, {
    ...call.headers,
    ...microversionHeaders(formatMicroversion(version)),
  });

/** Nova's version discovery (§2.7): `/` lists the versions, `/v2.1/` shows the one there is. */
export function discoveryRoutes(w: HuaweiWire): void {
  const { op, base, maxVersion } = w;
  op('listVersions', (call) => {
    const current = versionEntry(w, call);
    return json(
      {
        versions: [
          {
            id: 'v2.0',
            links: [{ href: `${base(call)}/v2/`, rel: 'self' }],
            status: 'DEPRECATED',
            version: '',
            min_version: '',
            updated: '2025-07-04T12:00:00Z',
          },
          current,
        ],
      },
      200,
      {},
    );
  });

  op('showVersion', (call) => showVersion(w, call, negotiateMicroversion(call, maxVersion)));
}
