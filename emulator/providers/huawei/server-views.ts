import { createHash } from 'node:crypto';
import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import type { HuaweiServer, HuaweiServerStatus } from '../../../contracts/huawei/scenario.ts';
import { ProviderError } from '../../errors.ts';
import { atLeast, type Microversion } from './microversion.ts';
import type { Caller, HuaweiModel } from './model.ts';

/**
 * Nova's server views, built as `nova/api/openstack/compute/views/servers.py` builds them: which fields
 * appear depends on the request's microversion and on what Nova's default policy lets the caller see.
 * docs/providers/huawei.md lists the fields per microversion and the policies.
 */

/** What a view depends on besides the server. */
export interface ViewRequest {
  version: Microversion;
  caller: Caller;
  /** The project id as the request URL carries it, '' on the routes without one: Nova's links follow the URL. */
  urlProject: string;
  /** The emulator's public origin. */
  base: string;
}

/**
 * Keystone's default implied roles (admin → member → reader, manager → member) as they reach Nova in a
 * token, so that a policy naming `reader` passes for a member too.
 */
function effectiveRoles(roles: readonly string[]): Set<string> {
  const effective = new Set(roles);
  if (effective.has('admin')) effective.add('manager');
  if (effective.has('manager')) effective.add('member');
  if (effective.has('member')) effective.add('reader');
  return effective;
}

/**
 * `context_is_admin` (`role:admin`): extended attributes, host_status, fault details. No role implies `admin`,
 * so the token's own roles tell, without the implied set.
 */
const isAdmin = (caller: Caller) => caller.roles.includes('admin');

/**
 * `os_compute_api:servers:{index,detail,show}` (`project_reader_or_admin`): 403 for a caller with no
 * reader role on the project.
 */
export function authorizeServerRead(caller: Caller, action: 'index' | 'detail' | 'show'): void {
  if (!effectiveRoles(caller.roles).has('reader')) {
    throw new ProviderError(huaweiErrors.PolicyNotAuthorized, { action: `os_compute_api:servers:${action}` });
  }
}

/** The one flavor and image every emulated server was booted from. */
const FLAVOR = { id: 's6.large.2', vcpus: 2, ram: 4096, disk: 40, ephemeral: 0, swap: 0, extraSpecs: {} };
const IMAGE_ID = '6c1fb2b2-6a3e-4c0d-9f64-2d1f5e3b7a10';
const CREATED = '2026-01-01T00:00:00Z';
const LAUNCHED = '2026-01-01T00:01:00.000000';
const NETWORK = 'demo-subnet';

/** `status` → (vm_state, power_state) as Nova's `common.status_from_state` maps them back. */
const STATES: Record<HuaweiServerStatus, [vmState: string, powerState: number]> = {
  ACTIVE: ['active', 1],
  BUILD: ['building', 0],
  SHUTOFF: ['stopped', 4],
  ERROR: ['error', 0],
  PAUSED: ['paused', 3],
  SUSPENDED: ['suspended', 4],
  REBOOT: ['active', 1],
  RESIZE: ['active', 1],
  SHELVED: ['shelved', 4],
  SHELVED_OFFLOADED: ['shelved_offloaded', 4],
};
const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);

/** `nova.utils.generate_hostid`: sha224 of project id + host, '' without a host. */
const hostId = (server: HuaweiServer) =>
  server.host
    ? createHash('sha224')
        .update(server.projectId + server.host)
        .digest('hex')
    : '';

/** `nova.utils.sanitize_hostname`, which gives `OS-EXT-SRV-ATTR:hostname` from the display name. */
function sanitizeHostname(name: string, id: string): string {
  const hostname = name
    .toLowerCase()
    .replace(/[ _]/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63);
  return hostname || `server-${id}`;
}

/** A server that reached a compute host and was launched: it has a port, an address and a root device. */
const launched = (server: HuaweiServer) => server.host !== null && server.status !== 'BUILD';

/** Builds the views for one request. */
export function serverViews(model: HuaweiModel, request: ViewRequest) {
  const { version, caller } = request;
  const admin = isAdmin(caller);
  const projectPath = request.urlProject ? `/${request.urlProject}` : '';
  const bookmark = (collection: string, id: string) => `${request.base}${projectPath}/${collection}/${id}`;
  const links = (server: HuaweiServer) => [
    { rel: 'self', href: `${request.base}/v2.1${projectPath}/servers/${server.id}` },
    { rel: 'bookmark', href: bookmark('servers', server.id) },
  ];
  const ordinal = (server: HuaweiServer) => [...model.servers.keys()].indexOf(server.id) + 1;
  const userId = (server: HuaweiServer) => {
    const domainId = model.projects.get(server.projectId)?.domainId;
    return [...model.users.values()].find((u) => u.domainId === domainId)?.id ?? '';
  };

  const flavor = () => {
    if (!atLeast(version, '2.47')) {
      return { id: FLAVOR.id, links: [{ rel: 'bookmark', href: bookmark('flavors', FLAVOR.id) }] };
    }
    return {
      vcpus: FLAVOR.vcpus,
      ram: FLAVOR.ram,
      disk: FLAVOR.disk,
      ephemeral: FLAVOR.ephemeral,
      swap: FLAVOR.swap,
      original_name: FLAVOR.id,
      // `show:flavor-extra-specs` is project-reader-or-admin, which every caller shown a server passes.
      extra_specs: FLAVOR.extraSpecs,
    };
  };

  const image = () => ({
    id: IMAGE_ID,
    links: [{ rel: 'bookmark', href: bookmark('images', IMAGE_ID) }],
    // 2.98 adds the image properties Nova copied into system metadata; this image has none set.
    ...(atLeast(version, '2.98') ? { properties: {} } : {}),
  });

  const addresses = (server: HuaweiServer) => {
    // Nova hides addresses while building; a server that never reached a host has no port either.
    if (!launched(server)) return {};
    const n = ordinal(server);
    const mac = server.id.replace(/-/g, '').slice(-6).match(/../g)?.join(':') ?? '00:00:00';
    return {
      [NETWORK]: [
        {
          version: 4,
          addr: `192.168.0.${(n % 240) + 10}`,
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': `fa:16:3e:${mac}`,
        },
      ],
    };
  };

  const securityGroups = (server: HuaweiServer) =>
    launched(server) ? { security_groups: [{ name: 'default' }] } : {};

  const fault = (server: HuaweiServer) => {
    if (server.status !== 'ERROR') return {};
    const message = 'No valid host was found. There are not enough hosts available.';
    return {
      fault: {
        code: 500,
        created: CREATED,
        message,
        // A 500 fault's details (the traceback) are for admins only (`_get_fault`).
        ...(admin
          ? {
              details: `Traceback (most recent call last):\n  File "nova/conductor/manager.py", in schedule_and_build_instances\nnova.exception.NoValidHost: ${message}\n`,
            }
          : {}),
      },
    };
  };

  /** `os_compute_api:os-extended-server-attributes`, admin only; 2.3 adds seven more. */
  const extendedAttributes = (server: HuaweiServer) => {
    if (!admin) return {};
    const n = ordinal(server);
    return {
      'OS-EXT-SRV-ATTR:host': server.host,
      'OS-EXT-SRV-ATTR:instance_name': `instance-${n.toString(16).padStart(8, '0')}`,
      'OS-EXT-SRV-ATTR:hypervisor_hostname': server.host,
      ...(atLeast(version, '2.3')
        ? {
            'OS-EXT-SRV-ATTR:hostname': sanitizeHostname(server.name, server.id),
            'OS-EXT-SRV-ATTR:kernel_id': '',
            'OS-EXT-SRV-ATTR:launch_index': 0,
            'OS-EXT-SRV-ATTR:ramdisk_id': '',
            'OS-EXT-SRV-ATTR:reservation_id': `r-${server.id.replace(/-/g, '').slice(0, 8)}`,
            'OS-EXT-SRV-ATTR:root_device_name': launched(server) ? '/dev/vda' : null,
            'OS-EXT-SRV-ATTR:user_data': null,
          }
        : {}),
    };
  };

  /** `show:host_status` (admin): UP while the server has a compute host, '' (HostStatus.NONE) without one. */
  const hostStatus = (server: HuaweiServer) =>
    admin && atLeast(version, '2.16') ? { host_status: server.host ? 'UP' : '' } : {};

  /** The detailed view: `ViewBuilder.show`, with the parts `detail` adds afterwards left to the caller. */
  const detailed = (server: HuaweiServer, options: { show: boolean }) => {
    const [vmState, powerState] = STATES[server.status];
    return {
      accessIPv4: '',
      accessIPv6: '',
      addresses: addresses(server),
      created: CREATED,
      flavor: flavor(),
      hostId: hostId(server),
      id: server.id,
      image: image(),
      links: links(server),
      metadata: {},
      name: server.name,
      status: server.status,
      tenant_id: server.projectId,
      user_id: userId(server),
      updated: CREATED,
      'OS-DCF:diskConfig': 'MANUAL',
      ...fault(server),
      ...(PROGRESS_STATUSES.has(server.status) ? { progress: 0 } : {}),
      'OS-EXT-AZ:availability_zone': `${model.settings.region}a`,
      config_drive: '',
      key_name: null,
      'OS-SRV-USG:launched_at': launched(server) ? LAUNCHED : null,
      'OS-SRV-USG:terminated_at': null,
      ...(options.show ? securityGroups(server) : {}),
      ...extendedAttributes(server),
      'OS-EXT-STS:task_state': server.taskState,
      'OS-EXT-STS:vm_state': vmState,
      'OS-EXT-STS:power_state': powerState,
      'os-extended-volumes:volumes_attached': [],
      ...(atLeast(version, '2.9') ? { locked: false } : {}),
      ...(options.show ? hostStatus(server) : {}),
      ...(atLeast(version, '2.19') ? { description: null } : {}),
      ...(atLeast(version, '2.26') ? { tags: [] } : {}),
      ...(atLeast(version, '2.63') ? { trusted_image_certificates: null } : {}),
      // Shown from 2.71 by `show` only, never in the detail list.
      ...(options.show && atLeast(version, '2.71') ? { server_groups: [] } : {}),
      ...(atLeast(version, '2.73') ? { locked_reason: null } : {}),
      // 2.90 shows the hostname to everyone; admins already have it among the extended attributes.
      ...(atLeast(version, '2.90') && !admin
        ? { 'OS-EXT-SRV-ATTR:hostname': sanitizeHostname(server.name, server.id) }
        : {}),
      // No availability zone was asked for at boot, so none is pinned.
      ...(atLeast(version, '2.96') ? { pinned_availability_zone: null } : {}),
      ...(atLeast(version, '2.100') ? { scheduler_hints: {} } : {}),
    };
  };

  return {
    /** `GET /servers/{id}`. */
    show: (server: HuaweiServer) => ({ server: detailed(server, { show: true }) }),
    /** `GET /servers/detail`: host_status and security groups are added to the list as a whole, last. */
    detail: (servers: HuaweiServer[]) => ({
      servers: servers.map((server) => ({
        ...detailed(server, { show: false }),
        ...hostStatus(server),
        ...securityGroups(server),
      })),
    }),
    /** `GET /servers`. */
    index: (servers: HuaweiServer[]) => ({
      servers: servers.map((server) => ({ id: server.id, name: server.name, links: links(server) })),
    }),
  };
}

/**
 * A server as Nova's `get_instance` finds it: the database query is limited to the caller's project
 * (`project_only`) unless the context is an admin's, so an admin reaches any project's server.
 */
export function findVisibleServer(
  model: HuaweiModel,
  caller: Caller,
  serverId: string,
): HuaweiServer | undefined {
  return isAdmin(caller)
    ? model.servers.get(serverId.toLowerCase())
    : model.findServer(caller.projectId, serverId);
}
