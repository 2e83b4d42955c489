/**
 * The emulator's routing: each API area registers its operations here with OpenAPI path
 * templates, and a request is matched to one handler. Nothing in this file knows about sockets,
 * so the same handlers answer in-process (`--env local`) and over HTTP (`epi emulator serve`).
 */
import type { FakeState } from './state.js';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBody: string;
  /** The org of the caller's token, when authenticated. */
  orgId?: string;
  userId?: string;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: FakeRequest, state: FakeState) => FakeReply | Promise<FakeReply>;

export interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  handler: Handler;
  public: boolean;
}

export class Router {
  readonly routes: Route[] = [];

  /** `template` uses OpenAPI syntax: `/v2/users/{id}`; literal colons (`/v2/users:sendPasswordReset`) are fine. */
  on(method: string, template: string, handler: Handler, options: { public?: boolean } = {}): void {
    const names: string[] = [];
    const pattern = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        if (!part.startsWith('{')) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        names.push(part.slice(1, -1));
        return '([^/]+)';
      })
      .join('');
    this.routes.push({ method, template, regex: new RegExp(`^${pattern}$`), names, handler, public: !!options.public });
    // Literal paths must win over templated ones (/v2/users/me before /v2/users/{id}).
    this.routes.sort((a, b) => a.names.length - b.names.length);
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (m) return { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
    }
    return undefined;
  }
}

/** Limit/offset paging as epilot's APIs do it. */
export function pageOf<T>(items: T[], query: URLSearchParams, defaultLimit = 50): T[] {
  const limit = Number(query.get('limit') ?? defaultLimit);
  const offset = Number(query.get('offset') ?? 0);
  return items.slice(offset, offset + limit);
}
