import { huaweiErrors } from '../../../contracts/huawei/errors.ts';
import type { HuaweiScenario, HuaweiServer } from '../../../contracts/huawei/scenario.ts';
import type { Clock } from '../../clock.ts';
import { refill } from '../../collections.ts';
import { ProviderError } from '../../errors.ts';
import { ExpiringMap } from '../../expiring.ts';
import { randomString, randomUuid } from '../../random.ts';
import { type ConsoleApi, type ConsoleKind, ConsoleTokens } from './console-tokens.ts';

type Domain = HuaweiScenario['domains'][number];
type Project = HuaweiScenario['projects'][number];
type User = HuaweiScenario['users'][number];

/** An IAM (Keystone) token: who, scoped to what, until when. */
export interface AuthToken {
  id: string;
  userId: string;
  projectId?: string;
  domainId?: string;
  methods: string[];
  issuedAt: number;
  expiresAt: number;
}

/** Who a request is, once its IAM token or AK/SK signature has been checked. */
export interface Caller {
  userId: string;
  projectId?: string;
  roles: string[];
  /** What the journal shows: the project, or the AccessKey. */
  credential: string;
}

/** Huawei Cloud / Nova state and rules: identities, servers, tokens. No HTTP here. */
export class HuaweiModel {
  readonly domains = new Map<string, Domain>();
  readonly projects = new Map<string, Project>();
  readonly users = new Map<string, User>();
  readonly accessKeys = new Map<string, HuaweiScenario['accessKeys'][number]>();
  readonly servers = new Map<string, HuaweiServer>();
  readonly authTokens: ExpiringMap<AuthToken>;
  readonly consoleTokens: ConsoleTokens;
  /** The kind of the last token issued, and what its URL was written from: the next is most often alike. */
  #lastKind: { kind: ConsoleKind; root: string; urlStyle: string; nativeTLength: number } | undefined;

  constructor(
    readonly scenario: HuaweiScenario,
    private readonly clock: Clock,
  ) {
    this.authTokens = new ExpiringMap(clock);
    this.consoleTokens = new ConsoleTokens(clock);
    for (const d of scenario.domains) this.domains.set(d.id, d);
    for (const p of scenario.projects) this.projects.set(p.id, p);
    for (const u of scenario.users) this.users.set(u.id, u);
    for (const k of scenario.accessKeys) this.accessKeys.set(k.accessKeyId, k);
    for (const s of scenario.servers) this.servers.set(s.id, { ...s });
  }

  /** Everything, tokens included in full, for a snapshot file. */
  snapshot() {
    return {
      domains: [...this.domains.values()],
      projects: [...this.projects.values()],
      users: [...this.users.values()],
      accessKeys: [...this.accessKeys.values()],
      servers: [...this.servers.values()],
      authTokens: this.authTokens.values(),
      consoleTokens: this.consoleTokens.values(),
    };
  }

  restore(data: ReturnType<HuaweiModel['snapshot']>): void {
    refill(this.domains, data.domains, (d) => d.id);
    refill(this.projects, data.projects, (p) => p.id);
    refill(this.users, data.users, (u) => u.id);
    refill(this.accessKeys, data.accessKeys, (k) => k.accessKeyId);
    refill(this.servers, data.servers, (s) => s.id);
    refill(this.authTokens, data.authTokens, (t) => t.id);
    refill(this.consoleTokens, data.consoleTokens, (t) => t.token);
  }

  /** What the control API's `GET /__emulator/state` shows: resources, credentials and live tokens. */
  toJSON() {
    return {
      settings: this.settings,
      domains: [...this.domains.values()],
      projects: [...this.projects.values()],
      users: [...this.users.values()],
      accessKeys: [...this.accessKeys.values()],
      servers: [...this.servers.values()],
      authTokens: this.authTokens
        .values()
        .map(({ id, ...token }) => ({ id: `${id.slice(0, 12)}…`, ...token })),
      consoleTokens: this.consoleTokens.values(),
    };
  }

  get settings(): HuaweiScenario['settings'] {
    return this.scenario.settings;
  }

  findDomain(ref: { id?: string | undefined; name?: string | undefined } | undefined): Domain | undefined {
    if (!ref) return undefined;
    if (ref.id !== undefined) return this.domains.get(ref.id);
    return [...this.domains.values()].find((d) => d.name === ref.name);
  }

  /**
   * The roles a user holds on a project: `roles` on every project of the user's own domain, and what `grants`
   * assign on a project of any domain. Keystone scopes a token to a project only through such an assignment
   * (`TokenModel._validate_project_scope` in keystone/models/token_model.py): none, no access.
   */
  rolesOn(user: User, projectId: string): string[] {
    const project = this.projects.get(projectId);
    if (!project) return [];
    // Each role once, in the order found (own, then granted), without the intermediate arrays and set.
    const roles: string[] = [];
    if (project.domainId === user.domainId) for (const role of user.roles) addOnce(roles, role);
    for (const grant of user.grants ?? []) {
      if (grant.projectId === projectId) for (const role of grant.roles) addOnce(roles, role);
    }
    return roles;
  }

  /**
   * Keystone password authentication. Every failure is the same 401, as Keystone answers it, so that the
   * answer does not tell which part was wrong.
   */
  authenticate(input: {
    user: {
      id?: string | undefined;
      name?: string | undefined;
      domain?: { id?: string; name?: string } | undefined;
    };
    password: string;
    project?: {
      id?: string | undefined;
      name?: string | undefined;
      domain?: { id?: string; name?: string } | undefined;
    };
    domain?: { id?: string | undefined; name?: string | undefined };
  }): { token: AuthToken; user: User; roles: string[]; project?: Project; domain?: Domain } {
    const unauthorized = () => new ProviderError(huaweiErrors.Unauthorized);
    let user: User | undefined;
    if (input.user.id !== undefined) user = this.users.get(input.user.id);
    else {
      const domain = this.findDomain(input.user.domain);
      user = [...this.users.values()].find((u) => u.name === input.user.name && u.domainId === domain?.id);
    }
    if (!user || user.password !== input.password) throw unauthorized();

    let project: Project | undefined;
    let domain: Domain | undefined;
    if (input.project) {
      if (input.project.id !== undefined) project = this.projects.get(input.project.id);
      else {
        const projectDomain = this.findDomain(input.project.domain);
        project = [...this.projects.values()].find(
          (p) => p.name === input.project?.name && p.domainId === projectDomain?.id,
        );
      }
      if (!project || this.rolesOn(user, project.id).length === 0) throw unauthorized();
    } else if (input.domain) {
      domain = this.findDomain(input.domain);
      if (!domain || domain.id !== user.domainId) throw unauthorized();
    }
    const now = this.clock.now();
    const id = newAuthTokenId();
    const token = this.authTokens.set(id, {
      id,
      userId: user.id,
      projectId: project?.id,
      domainId: domain?.id,
      methods: ['password'],
      issuedAt: now,
      expiresAt: now + this.settings.authTokenTtlSeconds * 1000,
    });
    const roles = project ? this.rolesOn(user, project.id) : user.roles;
    return { token, user, roles, ...(project ? { project } : {}), ...(domain ? { domain } : {}) };
  }

  /** The caller behind a live IAM token, or `undefined` when the token is unknown or expired. */
  callerForToken(tokenId: string): Caller | undefined {
    const token = this.authTokens.get(tokenId);
    const user = token && this.users.get(token.userId);
    if (!token || !user) return undefined;
    return {
      userId: user.id,
      projectId: token.projectId,
      // Looked up again on every request, as Keystone validates a token: a grant removed since takes effect.
      roles: token.projectId === undefined ? user.roles : this.rolesOn(user, token.projectId),
      credential: token.projectId ?? user.id,
    };
  }

  /** A server as Nova's `get_instance` sees it: unknown ids, non-UUIDs and other projects' servers are all "not found". */
  findServer(projectId: string | undefined, serverId: string): HuaweiServer | undefined {
    const server = this.servers.get(serverId.toLowerCase());
    return server && server.projectId === projectId ? server : undefined;
  }

  serversOf(projectId: string | undefined): HuaweiServer[] {
    return [...this.servers.values()].filter((s) => s.projectId === projectId);
  }

  /**
   * Records a console token valid for `consoleTokenTtlSeconds` on the emulator clock; returns the URL that opens
   * it under `root` (the emulator's public origin).
   */
  issueConsoleToken(
    server: HuaweiServer,
    console: { protocol: string; type: string; api: ConsoleApi },
    root: string,
  ): string {
    const token = randomUuid();
    const now = this.clock.now();
    const kind = this.#kindOf(server, console, root);
    this.consoleTokens.issue(token, kind, now, now + this.settings.consoleTokenTtlSeconds * 1000);
    const [before, after] = kind.urlParts as [string, string];
    return `${before}${token}${after}`;
  }

  /** The kind of a token for this server and console, the last one's when nothing it was made from changed. */
  #kindOf(
    server: HuaweiServer,
    console: { protocol: string; type: string; api: ConsoleApi },
    root: string,
  ): ConsoleKind {
    const { urlStyle, nativeTLength } = this.settings;
    const last = this.#lastKind;
    if (
      last !== undefined &&
      last.kind.serverId === server.id &&
      last.kind.projectId === server.projectId &&
      last.kind.protocol === console.protocol &&
      last.kind.type === console.type &&
      last.kind.api === console.api &&
      last.root === root &&
      last.urlStyle === urlStyle &&
      last.nativeTLength === nativeTLength
    ) {
      return last.kind;
    }
    const kind: ConsoleKind = {
      serverId: server.id,
      projectId: server.projectId,
      protocol: console.protocol,
      type: console.type,
      api: console.api,
      urlParts: this.#consoleUrlParts(root, console.protocol, console.api),
    };
    this.#lastKind = { kind, root, urlStyle, nativeTLength };
    return kind;
  }

  /**
   * The URL a console token opens, in Huawei's or Nova's form (docs/providers/huawei.md §3.1), as the text before
   * and after the token. Nova's form percent-encodes `?token=<uuid>`, which changes only the `?` and `=`.
   */
  #consoleUrlParts(root: string, protocol: string, api: ConsoleApi): [string, string] {
    if (protocol === 'spice') return [`${root}/spice_auto.html?token=`, ''];
    if (protocol === 'serial') return [`${root.replace(/^http/, 'ws')}/?token=`, ''];
    if (api === 'native')
      return [`${root}/vnc_auto.html?token=`, `&lang=EN&tLength=${this.settings.nativeTLength}`];
    if (this.settings.urlStyle === 'nova')
      return [`${root}/vnc_auto.html?path=${encodeURIComponent('?token=')}`, ''];
    return [`${root}/vnc_auto.html?token=`, '&lang=EN'];
  }
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** Huawei IAM tokens are long opaque strings starting with `MII` (a PKI token's DER prefix). */
function newAuthTokenId(): string {
  return `MII${randomString(96, 'base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
