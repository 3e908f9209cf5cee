// The catalog's REST API as the console uses it: the session cookie authenticates, and every state-changing
// request carries the session's CSRF token. The editor's key is sent once, to sign in, and never kept.

export interface ProgramFile { index: number; fileId: string; url: string; sizeBytes: number; startedAt: string; endedAt: string }
export interface Rendition { format: string; durationSeconds: number; files: ProgramFile[] }
export interface Gap { startedAt: string; endedAt: string }
export interface Hidden { reason: string; editor: string; at: string }
export interface Program {
  id: string; anchorId: string; streamId: string; startedAt: string; endedAt: string; durationSeconds: number;
  renditions: Rendition[]; gaps: Gap[]; coverUrl: string | null;
  flags: { short: boolean; inconsistentTimes: boolean; merged: boolean };
  mergedFrom: string[]; mergedInto?: string; hidden?: Hidden | null;
}
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface AnchorSummary { anchorId: string; programCount: number; latestProgramAt: string | null }
export interface FeedSummary { id: string; title: string; itemCount: number; version: number }
export interface FeedItem { programId: string; note: string | null; featuredBy: string; featuredAt: string }
export interface FeedState { id: string; title: string; version: number; createdBy: string; createdAt: string; updatedAt: string; items: FeedItem[] }
export interface FeedPageItem extends FeedItem { position: number; program: Program | null }
export interface FeedPage { id: string; title: string; version: number; totalItems: number; items: FeedPageItem[]; nextCursor: string | null }
export interface FeedChange { version: number; type: string; editor: string; at: string; title?: string | null; programId?: string | null; position?: number | null; note?: string | null }
export interface FeedHistory { feedId: string; version: number; changes: FeedChange[] }
export interface Session { name: string; role: string; csrfToken: string; expiresAt: string }
export interface Problem { status: number; title?: string; detail?: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem, readonly retryAfter: number | null) {
    super(problem.detail || problem.title || `The catalog answered ${status}.`);
  }
}

let csrfToken: string | null = null;
const sessionEndedHandlers: (() => void)[] = [];

/** Called when the catalog says the session is gone (expired, or signed out elsewhere). */
export function onSessionEnded(handler: () => void): void {
  sessionEndedHandlers.push(handler);
}

export interface Answer<T> { body: T; etag: string | null }

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const sent: Record<string, string> = { Accept: 'application/json', ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) sent['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem: Problem = typeof parsed === 'object' && parsed ? { status: response.status, ...(parsed as object) } : { status: response.status };
    const retry = response.headers.get('Retry-After');
    if (response.status === 401 && path !== '/v1/session' && csrfToken) {
      csrfToken = null;
      sessionEndedHandlers.forEach(handler => handler());
    }
    throw new ApiError(response.status, problem, retry === null ? null : Number(retry));
  }
  return { body: parsed as T, etag: response.headers.get('ETag') };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function query(parameters: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The feed version an ETag names ("7" from a write, "7-…" from a read), for If-Match. */
export function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"${version}"` };
}

export function versionOf(etag: string | null): number | null {
  const match = etag?.match(/^(?:W\/)?"(\d+)/);
  return match ? Number(match[1]) : null;
}

export const api = {
  async session(): Promise<Session | null> {
    try {
      const { body } = await call<Session>('GET', '/v1/session');
      csrfToken = body.csrfToken;
      return body;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async signIn(key: string): Promise<Session> {
    const { body } = await call<Session>('POST', '/v1/session', { key });
    csrfToken = body.csrfToken;
    return body;
  },
  async signOut(): Promise<void> {
    try {
      await call<void>('DELETE', '/v1/session');
    } finally {
      csrfToken = null;
    }
  },
  programs: (filter: { anchor?: string; from?: string; to?: string; cursor?: string | null; limit?: number }) =>
    call<Page<Program>>('GET', `/v1/programs${query(filter)}`).then(a => a.body),
  program: (id: string) => call<Program>('GET', `/v1/programs/${encodeURIComponent(id)}`).then(a => a.body),
  hide: (id: string, reason: string) => call<Program | undefined>('POST', `/v1/programs/${encodeURIComponent(id)}/hide`, { reason }),
  restore: (id: string) => call<Program | undefined>('POST', `/v1/programs/${encodeURIComponent(id)}/restore`, {}),
  async anchors(prefix: string): Promise<AnchorSummary[]> {
    const { body } = await call<Page<AnchorSummary>>('GET', `/v1/anchors${query({ prefix, limit: 20 })}`);
    return body.items ?? [];
  },
  async feeds(): Promise<FeedSummary[]> {
    const { body } = await call<FeedSummary[] | { items?: FeedSummary[]; feeds?: FeedSummary[] }>('GET', '/v1/feeds?limit=200');
    return Array.isArray(body) ? body : body.items ?? body.feeds ?? [];
  },
  feed: (id: string, cursor?: string | null) =>
    call<FeedPage>('GET', `/v1/feeds/${encodeURIComponent(id)}${query({ limit: 200, cursor })}`).then(a => a.body),
  history: (id: string) => call<FeedHistory>('GET', `/v1/feeds/${encodeURIComponent(id)}/history`).then(a => a.body),
  putFeed: (id: string, title: string, headers: Record<string, string> = {}) =>
    call<FeedState>('PUT', `/v1/feeds/${encodeURIComponent(id)}`, { title }, headers),
  feature: (feedId: string, programId: string, change: { position?: number; note?: string }, version: number) =>
    call<FeedState>('PUT', `/v1/feeds/${encodeURIComponent(feedId)}/items/${encodeURIComponent(programId)}`, change, ifMatch(version)),
  unfeature: (feedId: string, programId: string, version: number) =>
    call<void>('DELETE', `/v1/feeds/${encodeURIComponent(feedId)}/items/${encodeURIComponent(programId)}`, undefined, ifMatch(version)),
};
