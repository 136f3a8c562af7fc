import type { IncomingMessage } from 'node:http';
import type { ProviderName } from '../../contracts/catalogue.ts';
import type { ScreenIdentity } from './screen.ts';

/** The resource a websocket connection reaches once its provider's proxy accepted the token. */
export interface ConsoleTarget {
  provider: ProviderName;
  /** What `closeResource(provider, resourceId)` matches: the server id, instance id or session id. */
  resourceId: string;
  /** The credential from the URL that opened it (token, `s`); the hub caps live connections per credential. */
  token: string;
  /** Viewers with the same key share one screen. */
  screenKey: string;
  identity: ScreenIdentity;
  /** The name ServerInit announces. */
  desktopName: string;
  /** The VNC password; VNC Authentication is required when set. */
  password?: string | undefined;
  /** Whether the resource can still show a console (exists and runs); checked on every hub tick. */
  live(): boolean;
  /** Closes the session after this long without user interaction, on the emulator clock. */
  idleTimeoutMs?: number | undefined;
}

/** Why a proxy refused a connection; the journal records it as the entry's `code`. */
export type Refusal =
  | 'TokenMissing'
  | 'InvalidToken'
  | 'TokenUsed'
  | 'OriginMismatch'
  | 'NotRunning'
  | 'RateLimited'
  | 'TooManyConnections'
  | 'InternalError';

/** What a provider's console proxy decides about an upgrade request. */
export type Admission = { target: ConsoleTarget } | { refused: Refusal };

/** The parts of an upgrade request a provider's proxy looks at. */
export interface UpgradeRequest {
  url: URL;
  headers: IncomingMessage['headers'];
}

/** A console token as the dashboard lists it, whichever provider issued it. */
export interface ConsoleToken {
  provider: ProviderName;
  token: string;
  resourceId: string;
  /** The project, AccessKey or user it was issued to. */
  credential: string;
  issuedAt: number;
  /** `null` for a token that lives as long as its session. */
  expiresAt: number | null;
  usedAt?: number;
  /** Good for one connection only. */
  oneTime: boolean;
  /** The console page to open in a browser, absolute or relative to the emulator. */
  open?: string;
}

/** How a console page finds its websocket and what it shows beside the status line. */
export interface PageOptions {
  title: string;
  /** Relative path from the page to the directory holding noVNC's `core/`. */
  assetBase: string;
  /** A password the server recovered for the page, written into the page. */
  password?: string | undefined;
  /**
   * The query parameter that holds the whole websocket URL (percent-encoded once or twice); without it the
   * page reads noVNC's `path` parameter, or a top-level `token` for the `websockify` path.
   */
  websocketParam?: string;
  /** Query parameters shown beside the status line: the first by its value, the others as `name=value`. */
  caption?: readonly string[];
}

/** A console page a provider's portal opens around its console URL. */
export interface ConsolePage {
  /** Hono route paths, e.g. `/vnc_auto.html` or `/console/:version/index.html`. */
  paths: readonly string[];
  /** The page's options for this request (`requestUrl`: the whole URL it was asked for). */
  options(requestUrl: string): PageOptions;
}

/**
 * A provider's console proxy: which websocket upgrades it answers and whom it admits, the console pages it
 * serves, and what the dashboard lists of it.
 */
export interface ConsoleProxy<State = unknown> {
  /** Whether a websocket upgrade to this URL is this proxy's (checked in the providers' dispatch order). */
  claims(url: URL): boolean;
  /**
   * Decides an upgrade. `current` is the provider's state at the time of asking: the control plane may reset
   * or reload it while a console is open, so a target's `live()` asks it again.
   */
  admit(request: UpgradeRequest, current: () => State | undefined): Admission;
  readonly pages?: readonly ConsolePage[];
  /** The collection that holds the resources its consoles open, and the statuses the control API accepts. */
  readonly resources: { collection: string; statuses: readonly string[] };
  /** Every console token it issued, expired ones too until swept. */
  tokens(): ConsoleToken[];
}
