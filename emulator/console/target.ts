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
