import { Option, type Command } from '@commander-js/extra-typings';
import { answeredText, type Method, type RequestOptions } from '../api/types.js';
import { SERVICES } from '../config/env.js';
import type { CommonFlags, Context } from '../context.js';
import { EpiError, UsageError } from '../errors.js';
import { parseJson, readInput } from '../input.js';
import { outputFlags } from '../output/flags.js';
import { redactLine } from '../output/redact.js';
import { fieldsToBody, fieldsToQuery, rawField, typedField, type Field } from './api/fields.js';
import { parseHeaders } from './api/headers.js';
import { pageRequests, pagingSchemeFor, recordPages } from './api/paginate.js';
import { formatJsonText } from './api/json-text.js';
import { pickService } from './api/services.js';
import { defineVerb } from './define.js';

export interface ApiOptions extends CommonFlags {
  rawField?: string[];
  field?: string[];
  header?: string[];
  /** --input; named apart from the global --no-input (see the flag's declaration). */
  inputFile?: string;
  include?: boolean;
  service?: string;
  paginate?: boolean;
  ndjson?: boolean;
}

const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/**
 * `epi api [METHOD] <path>`: any operation of the epilot APIs epi knows, with epi's auth, profiles, retries,
 * timeouts, --debug and --dry-run. The body is printed as the API sent it.
 */
export async function api(ctx: Context, o: ApiOptions, first: string, second?: string): Promise<void> {
  const { method: given, path } = methodAndPath(first, second);
  const service = pickService(path, o.service);
  const stdinUses = [o.inputFile, ...(o.field ?? []).map((f) => f.slice(f.indexOf('=') + 1))].filter((v) => v === '-' || v === '@-');
  if (stdinUses.length > 1) throw new UsageError('Only one of --input - and -F key=@- can read stdin.');
  const fields: Field[] = [...(o.rawField ?? []).map(rawField)];
  for (const f of o.field ?? []) fields.push(await typedField(f, ctx.io));
  if (o.inputFile !== undefined && fields.length) {
    throw new UsageError('Give the body with --input or with -f/-F fields, not both.', { hint: 'Put query parameters in the path instead: epi api "/v2/users?limit=10".' });
  }
  const method = given ?? (fields.length || o.inputFile !== undefined ? 'POST' : 'GET');
  const scheme = o.paginate ? pagingSchemeFor(method, path) : undefined;
  if (o.ndjson && !scheme) throw new UsageError('--ndjson prints the records of --paginate.', { hint: 'Add --paginate, or leave out --ndjson.' });
  if (scheme && o.include) throw new UsageError('-i cannot be combined with --paginate: the headers of which page?', { hint: 'Leave out -i, or call one page without --paginate.' });
  const bodyless = method === 'GET' || method === 'HEAD';
  if (bodyless && o.inputFile !== undefined) {
    throw new UsageError(`--input sends a body, and ${method} requests have none.`, { hint: 'Name the method: epi api POST <path> --input <file>.' });
  }

  const headers = parseHeaders(o.header ?? []);
  const request: RequestOptions = { headers };
  let shownBody: unknown;
  if (bodyless) {
    request.query = fieldsToQuery(fields);
  } else if (fields.length) {
    request.body = fieldsToBody(fields);
  } else if (o.inputFile !== undefined) {
    const raw = await readInput(o.inputFile, '--input', ctx.io);
    headers['content-type'] ??= 'application/json';
    // A body the API will read as JSON must be JSON; another Content-Type sends the text as it is.
    shownBody = headers['content-type'].includes('json') ? parseJson(raw, `--input ${o.inputFile === '-' ? 'from stdin' : `file "${o.inputFile}"`}`) : raw;
    request.rawBody = raw;
  }

  // A user's own Authorization header replaces the profile's token; /public/ endpoints need none.
  const ownAuth = headers.authorization !== undefined;
  const session = await ctx.session();
  request.auth = !ownAuth && !(isPublic(path) && !session.token);

  const http = await ctx.http();
  const paged = scheme && { scheme, service, method, path, request, body: request.rawBody === undefined ? request.body : shownBody };
  if (ctx.dryRun) {
    // With --paginate the plan is the first page's request, paging keys included.
    const pages = paged && pageRequests(paged);
    const first = pages ? pages.at(0, pages.pageSize) : { path, options: request.rawBody === undefined ? request : { ...request, rawBody: undefined, body: shownBody } };
    const plan = http.plan(service, method, first.path, first.options);
    if (ownAuth) plan.headers.authorization = '***';
    ctx.out.rawJson(plan);
    return;
  }
  if (paged) {
    const pages = recordPages(http, paged);
    if (o.ndjson) {
      await ctx.out.listPages(pages, { columns: [] });
      return;
    }
    const all: unknown[] = [];
    for await (const page of pages) all.push(...page);
    ctx.out.rawJson(all);
    return;
  }
  const result = await http.send(service, method, path, request);
  if (o.include) {
    ctx.out.info(`HTTP ${result.status} ${result.statusText}`.trim());
    result.headers.forEach((value, name) => ctx.out.info(redactLine(`${name}: ${value}`)));
    ctx.out.info('');
  }
  if (result.text === '') return;
  const isJson = !answeredText(result);
  const picking = typeof o.json === 'string' && o.json.trim() !== '';
  if (!isJson) {
    if (picking || o.jq !== undefined) {
      throw new EpiError(`${picking ? '--json fields' : '--jq'} needs a JSON response, and ${method} ${path} answered ${result.headers.get('content-type') ?? 'text'}.`, {
        hint: 'Run it again without the flag to see the body as it is.',
      });
    }
    ctx.out.value(result.text.replace(/\r?\n$/, ''));
  } else if (picking && Array.isArray(result.body)) {
    await ctx.out.list(result.body, { columns: [] });
  } else if (picking && result.body !== null && typeof result.body === 'object') {
    await ctx.out.record(result.body);
  } else if (picking) {
    throw new EpiError(`--json fields pick from an object or an array of objects, and ${method} ${path} answered ${JSON.stringify(result.body)}.`);
  } else {
    // The body's own text, so big numbers and key order stay exactly as the API sent them.
    ctx.out.jsonText(formatJsonText(result.text, ctx.io.stdoutIsTTY ? 2 : 0));
  }
}

function methodAndPath(first: string, second: string | undefined): { method?: Method; path: string } {
  const upper = first.toUpperCase() as Method;
  if (second === undefined) {
    if (METHODS.includes(upper)) throw new UsageError(`Missing the path after ${upper}.`, { hint: `For example: epi api ${upper} /v2/users/me` });
    return { path: normalisePath(first) };
  }
  if (!METHODS.includes(upper)) throw new UsageError(`Unknown HTTP method "${first}".`, { hint: `Use one of: ${METHODS.join(', ')}.` });
  return { method: upper, path: normalisePath(second) };
}

function normalisePath(path: string): string {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(path)) {
    throw new UsageError(`epi api takes a path, not a URL: "${path}".`, {
      hint: 'Drop the scheme and host (epi api /v2/users/me); the path or --service picks the API, and `epi config list` shows its URL.',
    });
  }
  if (!path.trim()) throw new UsageError('The path is empty.', { hint: 'For example: epi api /v2/organization/current' });
  // Always from the root: a path glued onto the base URL must never change its host.
  return path.startsWith('/') ? path : `/${path}`;
}

const isPublic = (path: string): boolean => /\/public(\/|$)/.test(path.split(/[?#]/, 1)[0]!);

const append = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * --input <file>, stored as "inputFile": the global --no-input owns the attribute "input", and global
 * options win in optsWithGlobals(). Typed as the option it behaves as, so `run` reads inputFile.
 */
function inputFileOption(): Option<'--input-file <file>'> {
  const input = new Option('--input <file>', 'send the body from a file, or - for stdin');
  input.attributeName = () => 'inputFile';
  return input as unknown as Option<'--input-file <file>'>;
}

export default defineVerb({
  name: 'api <method-or-path> [path]',
  summary: 'Call any operation of the epilot APIs (raw escape hatch, like `gh api`)',
  description: `Send a request to any epilot API with epi's token, profile, retries, --timeout
and --debug. The response body is printed as the API sent it: JSON is indented
on a terminal and compact when piped.

The method defaults to GET, or POST when -f/-F or --input give a body.
The path picks the API (--service picks it for any other path):
  organization       /v2/organization, /v2/feature-settings
  user               /v1/users, /v2/users, /v1/groups, /v2/user
  partner-directory  /v1/partners, /v2/partners, /v1/partner-directory,
                     /v1/geolocation
  permissions        /v1/permissions
  access-token       /v1/access-tokens
  audit-logs         /v1/logs
Paths containing /public/ are sent without a token when none is set.

Fields build a JSON object body (query parameters for GET and HEAD):
  -f key=value     a string
  -F key=value     true, false, null, a number, JSON ({..}, [..], ".."),
                   @file or @- for stdin (JSON-parsed when valid), else a string;
                   numbers are sent exactly as written, however many digits
  key[sub]=value   a nested object; key[]=value appends to an array
--input <file|-> sends a raw body instead (JSON unless -H 'Content-Type: ..').
-i prints the status line and headers on stderr; stdout stays the body alone.
--json a,b keeps only these fields of the response (of each element of an array);
--jq <expr> filters the response with jq, as gh api --jq does.

--paginate follows the pages of the list operations whose paging epi knows and prints
one JSON array of their records (--ndjson: one record per line):
  GET /v2/users, /v1/users, /v1/groups         limit/offset in the query
  POST /v1/partners/assignables:search          from/size in the body
  POST /v1/permissions/roles:search             limit/offset in the body
  POST /v1/logs                                 limit/page in the body
A page size or start given in the request is kept; any other operation exits 2.

Exit codes follow the status: 404 gives 3, 401 and 403 give 4, others 1.
--dry-run prints the request for any method, GET included, and sends nothing.`,
  dryRun: true,
  flags: (cmd: Command) =>
    outputFlags(
      cmd
        .usage('[METHOD] <path> [options]')
        .option('-f, --raw-field <key=value>', 'add a string field (repeatable)', append)
        .option('-F, --field <key=value>', 'add a typed field: number, true, false, null, JSON, @file (repeatable)', append)
        .option('-H, --header <name: value>', 'add a request header (repeatable)', append)
        .option('-i, --include', 'print the response status line and headers on stderr')
        .option('--paginate', 'follow every page of a list operation epi knows; print one JSON array')
        .option('--ndjson', 'with --paginate: print one record per line')
        .addOption(new Option('--service <name>', 'the API to call when the path does not tell').choices(SERVICES))
        .addOption(inputFileOption()),
      { format: false },
    ),
  examples: [
    'epi api /v2/users/me',
    "epi api '/v2/users?limit=5' --jq '.results[].email'",
    'epi api POST /v1/groups -f name=Sales -F user_ids[]=10001',
    'epi api PATCH /v2/organization/739224 --input org.json --dry-run',
    'epi api DELETE /v1/permissions/assignments/10001/739224:owner -i',
    'epi api GET /v1/partner-directory/public/getPartnerByToken -f token=abc',
    "epi api '/v2/users?query=acme' --paginate --ndjson",
    'epi api POST /v1/logs -F limit=100 -f service_name=permissions --paginate',
  ],
  run: api,
});
