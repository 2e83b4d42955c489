import type { Http, Method, QueryValue, RequestOptions } from '../../api/types.js';
import type { Service } from '../../config/env.js';
import { EpiError, UsageError } from '../../errors.js';
import { pageNumberPages, paginate, type FetchPage, type Page } from '../../paging.js';

/** How one list operation pages: where the paging keys travel, their names, and where the records are. */
interface PagingScheme {
  method: Method;
  path: string;
  in: 'query' | 'body';
  /** Page size key, and the key of the offset (records) or page number (pages). */
  size: string;
  offset: string;
  counts: 'records' | 'pages';
  /** Envelope keys of the records and of the total, when the API reports one. */
  items: string;
  total?: string;
  /** Page size when the request names none: the API's largest, or what epi's own lists use. */
  pageSize: number;
}

/** The list operations whose paging epi knows; --paginate refuses any other, rather than guess. */
export const PAGING_SCHEMES: readonly PagingScheme[] = [
  { method: 'GET', path: '/v2/users', in: 'query', size: 'limit', offset: 'offset', counts: 'records', items: 'results', pageSize: 50 },
  { method: 'GET', path: '/v1/users', in: 'query', size: 'limit', offset: 'offset', counts: 'records', items: 'users', pageSize: 50 },
  { method: 'GET', path: '/v1/groups', in: 'query', size: 'limit', offset: 'offset', counts: 'records', items: 'groups', total: 'hits', pageSize: 50 },
  { method: 'POST', path: '/v1/partners/assignables:search', in: 'body', size: 'size', offset: 'from', counts: 'records', items: 'results', total: 'hits', pageSize: 1000 },
  { method: 'POST', path: '/v1/permissions/roles:search', in: 'body', size: 'limit', offset: 'offset', counts: 'records', items: 'results', total: 'hits', pageSize: 100 },
  { method: 'POST', path: '/v1/logs', in: 'body', size: 'limit', offset: 'page', counts: 'pages', items: 'logs', total: 'total', pageSize: 100 },
];

const describeScheme = (s: PagingScheme) => `${s.method} ${s.path} (${s.size} and ${s.offset} in the ${s.in})`;

export function pagingSchemeFor(method: Method, path: string): PagingScheme {
  const bare = path.split(/[?#]/, 1)[0]!.replace(/\/+$/, '');
  const scheme = PAGING_SCHEMES.find((s) => s.method === method && s.path === bare);
  if (scheme) return scheme;
  throw new UsageError(`epi api --paginate does not know how ${method} ${bare} pages.`, {
    hint: `It follows the pages of: ${PAGING_SCHEMES.map(describeScheme).join('; ')}. Call other operations without --paginate.`,
  });
}

export interface PagedRequest {
  scheme: PagingScheme;
  service: Service;
  method: Method;
  path: string;
  request: RequestOptions;
  /** The JSON body the user gave (fields or --input), for body schemes. */
  body?: unknown;
}

interface PageRequests {
  pageSize: number;
  /** The request for a page: `at` is a record offset, or a page number for schemes that count pages. */
  at(at: number, size: number): { path: string; options: RequestOptions };
}

/** The requests of the pages: a page size or a start the request already names is kept; the paging keys are epi's after that. */
export function pageRequests(req: PagedRequest): PageRequests {
  const { scheme } = req;
  const query = { ...req.request.query, ...queryOf(req.path) };
  const body = scheme.in === 'body' ? bodyObject(req.body) : {};
  const given = scheme.in === 'query' ? query : body;
  const pageSize = wholeNumber(given[scheme.size], scheme.size, 1) ?? scheme.pageSize;
  const start = wholeNumber(given[scheme.offset], scheme.offset, 0) ?? 0;
  const path = req.path.split(/[?#]/, 1)[0]!;
  return {
    pageSize,
    at(at, size) {
      const paging: Record<string, number> = { [scheme.size]: size };
      // The first page carries no zero offset, as epi's own lists send it (some APIs reject offset 0).
      if (start + at > 0 || scheme.counts === 'pages') paging[scheme.offset] = start + at;
      const options: RequestOptions = { ...req.request, rawBody: undefined };
      if (scheme.in === 'query') options.query = { ...query, ...paging };
      else options.body = { ...body, ...paging };
      return { path, options };
    },
  };
}

/** Every page, as `--all` pages a list, with the same read-ahead and ending rules. */
export function recordPages(http: Http, req: PagedRequest): AsyncGenerator<unknown[]> {
  const { scheme } = req;
  const requests = pageRequests(req);
  const load = async (at: number, size: number): Promise<Page<unknown>> => {
    const { path, options } = requests.at(at, size);
    return pageOf((await http.send(req.service, req.method, path, options)).body, scheme);
  };
  const fetchPage: FetchPage<unknown> = scheme.counts === 'pages' ? pageNumberPages(load) : (offset, size) => load(offset ?? 0, size);
  return paginate(fetchPage, { all: true, pageSize: requests.pageSize, maxRecords: http.limits.maxRecords });
}

function pageOf(body: unknown, scheme: PagingScheme): Page<unknown> {
  const envelope = body as Record<string, unknown> | undefined;
  const items = typeof envelope === 'object' && envelope !== null ? envelope[scheme.items] : undefined;
  if (!Array.isArray(items)) {
    throw new EpiError(`${scheme.method} ${scheme.path} answered without a "${scheme.items}" list, so --paginate cannot follow its pages.`, {
      hint: 'Run it without --paginate to see the response.',
    });
  }
  const total = scheme.total ? envelope![scheme.total] : undefined;
  return { items, total: typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : undefined };
}

function queryOf(path: string): Record<string, QueryValue> {
  const search = path.includes('?') ? path.slice(path.indexOf('?') + 1).split('#', 1)[0]! : '';
  const query: Record<string, QueryValue> = {};
  for (const key of new Set(new URLSearchParams(search).keys())) {
    const values = new URLSearchParams(search).getAll(key);
    query[key] = values.length > 1 ? values : values[0];
  }
  return query;
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new UsageError('--paginate needs a JSON object body, to add its paging keys to.', { hint: 'Give the body with -f/-F fields or a JSON object in --input.' });
}

function wholeNumber(value: unknown, key: string, min: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${key} must be a whole number of ${min} or more for --paginate, got ${JSON.stringify(value)}.`);
  return n;
}
