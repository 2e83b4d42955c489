/**
 * The emulator's contract: requests and responses checked against the OpenAPI documents shipped in
 * epilot's npm packages. The emulator rejects a request that breaks them with 400, as the API
 * does, and the tests hold epi's own requests (test/helpers/contract.ts) and the emulator's
 * responses to the same documents. The specs and ajv are bundled into the emulator's lazily
 * loaded chunk only, so nothing of this is read unless the emulator runs.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import accessTokenSpec from '@epilot/access-token-client/dist/openapi.json' with { type: 'json' };
import auditLogsSpec from '@epilot/audit-logs-client/dist/openapi.json' with { type: 'json' };
import organizationSpec from '@epilot/organization-client/src/openapi.json' with { type: 'json' };
import partnerDefinition from '@epilot/partner-directory-client/dist/definition.js';
import permissionsSpec from '@epilot/permissions-client/dist/openapi.json' with { type: 'json' };
import userSpec from '@epilot/user-client/dist/openapi.json' with { type: 'json' };
import partnerBodySchemas from 'virtual:partner-body-schemas';
import type { Service } from '../config/env.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  $ref?: string;
  explode?: boolean;
}
interface MediaTypes {
  content?: Record<string, { schema?: unknown }>;
  $ref?: string;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: MediaTypes & { required?: boolean };
  responses?: Record<string, MediaTypes>;
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation> & { parameters?: Operation['parameters'] }>;
  components?: { parameters?: Record<string, Parameter>; responses?: Record<string, MediaTypes> };
}

/** The partner package's CommonJS stub: its spec is the default export, however the bundler hands it over. */
const unwrap = (mod: unknown): OpenApiDoc => ((mod as OpenApiDoc).paths ? (mod as OpenApiDoc) : (mod as { default: OpenApiDoc }).default);

/** Where each package keeps its spec; the partner package ships only a paths-and-methods stub. */
export const SPECS: Record<Service, { doc: OpenApiDoc; source: string; full: boolean }> = {
  organization: { doc: organizationSpec as unknown as OpenApiDoc, source: '@epilot/organization-client/src/openapi.json', full: true },
  user: { doc: userSpec as unknown as OpenApiDoc, source: '@epilot/user-client/dist/openapi.json', full: true },
  permissions: { doc: permissionsSpec as unknown as OpenApiDoc, source: '@epilot/permissions-client/dist/openapi.json', full: true },
  'access-token': { doc: accessTokenSpec as unknown as OpenApiDoc, source: '@epilot/access-token-client/dist/openapi.json', full: true },
  'audit-logs': { doc: auditLogsSpec as unknown as OpenApiDoc, source: '@epilot/audit-logs-client/dist/openapi.json', full: true },
  'partner-directory': {
    doc: unwrap(partnerDefinition),
    source: '@epilot/partner-directory-client/dist/definition.js (stub: paths and methods; bodies are checked against schemas derived from its types)',
    full: false,
  },
};

/**
 * Operations the live API has (see the API docs) that the published package specs do not list yet.
 * They cannot be checked against a package spec; a test asserts this list stays exact, so a
 * package update that adds them makes the test say so.
 */
export const UNPUBLISHED: Record<string, Service> = {
  'GET /v2/organization/feature-settings': 'organization',
  'GET /v2/feature-settings': 'organization',
  'GET /v2/users/me/settings': 'user',
  'GET /v2/users/me/settings/{scope}': 'user',
  'GET /v2/users/me/settings/{scope}/{key}': 'user',
  'PUT /v2/users/me/settings/{scope}/{key}': 'user',
  'DELETE /v2/users/me/settings/{scope}/{key}': 'user',
  'POST /v2/users:sendPasswordReset': 'user',
  'POST /v2/users/public/requestPasswordReset': 'user',
  'POST /v2/users/public/resetPassword': 'user',
};

interface Compiled {
  method: string;
  template: string;
  regex: RegExp;
  op: Operation;
  params: number;
  /** The query parameters, resolved, each with the JSON pointer of its schema in the service's doc. */
  query: Array<Parameter & { schemaPointer: string }>;
}

/** `/v2/users/{id}:verb` becomes a regex where each {param} is one path segment. */
export function templateRegex(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`);
}

const compiled = new Map<Service, Compiled[]>();
let ajvs: { ajv: Ajv; queryAjv: Ajv } | undefined;

/** Built on first use: a command that sends nothing pays nothing. */
function validatorsOf(): { ajv: Ajv; queryAjv: Ajv } {
  if (ajvs) return ajvs;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  /** Query values arrive as strings: this one coerces them to the declared type ("5" → 5, "true" → true, "a" → ["a"]). */
  const queryAjv = new Ajv({ strict: false, allErrors: true, validateFormats: true, coerceTypes: 'array' });
  for (const a of [ajv, queryAjv]) {
    addFormats(a);
    for (const [service, { doc }] of Object.entries(SPECS)) a.addSchema(doc as object, service);
  }
  ajv.addSchema(partnerBodySchemas as object, PARTNER_TYPES);
  return (ajvs = { ajv, queryAjv });
}
const PARTNER_TYPES = 'partner-directory-types';

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The JSON-schema name of an operation's request body: `Paths.CreatePartnerRole.RequestBody`. */
const bodyTypeName = (operationId: string) => `Paths.${operationId[0]!.toUpperCase()}${operationId.slice(1)}.RequestBody`;

/** The query parameters of an operation (path-level ones too), with $refs resolved. */
function queryParameters(service: Service, template: string, method: string): Compiled['query'] {
  const doc = SPECS[service].doc;
  const item = doc.paths[template]!;
  const listed = [
    ...(item.parameters ?? []).map((p, i) => ({ p, at: pointer('paths', template, 'parameters', String(i)) })),
    ...(item[method]?.parameters ?? []).map((p, i) => ({ p, at: pointer('paths', template, method, 'parameters', String(i)) })),
  ];
  return listed
    .map(({ p, at }) => {
      const name = p.$ref?.split('/').pop();
      return name ? { p: doc.components!.parameters![name]!, at: pointer('components', 'parameters', name) } : { p, at };
    })
    .filter(({ p }) => p.in === 'query')
    .map(({ p, at }) => ({ ...p, schemaPointer: `${at}/schema` }));
}

function operations(service: Service): Compiled[] {
  let list = compiled.get(service);
  if (list) return list;
  list = [];
  for (const [template, item] of Object.entries(SPECS[service].doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters' || typeof op !== 'object' || Array.isArray(op)) continue;
      const merged: Operation = { ...op, parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])] };
      const query = SPECS[service].full ? queryParameters(service, template, method) : [];
      list.push({ method: method.toUpperCase(), template, regex: templateRegex(template), op: merged, params: (template.match(/\{/g) ?? []).length, query });
    }
  }
  // Literal paths win over templated ones: /v2/organization/current before /v2/organization/{org_id}.
  list.sort((a, b) => a.params - b.params);
  compiled.set(service, list);
  return list;
}

export function findOperation(service: Service, method: string, path: string): Compiled | undefined {
  return operations(service).find((o) => o.method === method && o.regex.test(path));
}

/** The service whose spec has the operation; their path prefixes do not overlap. */
export function serviceOf(method: string, path: string): Service | undefined {
  const decoded = decodeURIComponent(path);
  return (Object.keys(SPECS) as Service[]).find((s) => findOperation(s, method, path) ?? findOperation(s, method, decoded));
}

export function isUnpublished(method: string, path: string): boolean {
  return Object.keys(UNPUBLISHED).some((k) => {
    const [m, t] = k.split(' ');
    return m === method && templateRegex(t!).test(path);
  });
}

const validators = new Map<string, ValidateFunction | undefined>();

function cached(key: string, make: () => ValidateFunction | undefined): ValidateFunction | undefined {
  if (!validators.has(key)) validators.set(key, make());
  return validators.get(key);
}

function bodyValidator(service: Service, found: Compiled): ValidateFunction | undefined {
  const { ajv } = validatorsOf();
  return cached(`${service} ${found.method} ${found.template} body`, () => {
    const content = found.op.requestBody?.content?.['application/json'];
    if (!SPECS[service].full) {
      const name = found.op.operationId && bodyTypeName(found.op.operationId);
      return content && name && (partnerBodySchemas.definitions as Record<string, unknown>)[name] ? ajv.compile({ $ref: `${PARTNER_TYPES}#/definitions/${pointer(name)}` }) : undefined;
    }
    if (!content?.schema) return undefined;
    return ajv.compile({ $ref: `${service}#/${pointer('paths', found.template, found.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}` });
  });
}

function queryValidator(service: Service, schemaPointer: string): ValidateFunction {
  const { queryAjv } = validatorsOf();
  return cached(`${service} ${schemaPointer}`, () => queryAjv.compile({ type: 'object', properties: { value: { $ref: `${service}#/${schemaPointer}` } } }))!;
}

export interface CheckedRequest {
  method: string;
  /** A full URL, or a path with its query. */
  url: string;
  body?: unknown;
}

/**
 * What is wrong with a request to a server that hosts all six APIs on one address (the emulator):
 * the service is the one whose spec has the path. Empty when the spec allows it.
 */
export function checkAnyService(req: CheckedRequest): string[] {
  const url = new URL(req.url, 'http://emulator.local');
  const service = serviceOf(req.method, url.pathname);
  if (service) return checkOperation(service, req.method, url, req.body);
  return isUnpublished(req.method, url.pathname) ? [] : [`${req.method} ${url.pathname}: no such operation in any package spec`];
}

export function checkOperation(service: Service, method: string, url: URL, body: unknown): string[] {
  const path = decodeURIComponent(url.pathname);
  const label = `${method} ${url.pathname}`;
  const found = findOperation(service, method, url.pathname) ?? findOperation(service, method, path);
  if (!found) return isUnpublished(method, url.pathname) ? [] : [`${label}: no such operation in ${SPECS[service].source}`];
  const problems: string[] = [];
  const declared = new Set((found.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of new Set(url.searchParams.keys())) {
    if (!declared.has(name)) problems.push(`${label}: query parameter "${name}" is not in the spec of ${found.op.operationId}`);
  }
  for (const p of found.op.parameters ?? []) {
    if (p.in === 'query' && p.required && !url.searchParams.has(p.name)) problems.push(`${label}: required query parameter "${p.name}" missing`);
  }
  for (const p of found.query) {
    const values = url.searchParams.getAll(p.name).flatMap((v) => (p.explode === false ? v.split(',') : [v]));
    if (!values.length) continue;
    const validate = queryValidator(service, p.schemaPointer);
    const holder = { value: values.length === 1 ? values[0] : values };
    if (!validate(holder)) problems.push(`${label}: query parameter "${p.name}"=${JSON.stringify(url.searchParams.getAll(p.name).join('&'))} does not match the spec: ${(validate.errors ?? []).map((e) => `${p.name}${e.instancePath.replace(/^\/value/, '')} ${e.message}`).join(', ')}`);
  }
  const hasBody = body !== undefined && body !== '';
  const spec = found.op.requestBody;
  if (hasBody && !spec) problems.push(`${label}: sends a body but ${found.op.operationId} takes none`);
  if (!hasBody && spec?.required) problems.push(`${label}: ${found.op.operationId} requires a body`);
  if (hasBody && spec) {
    const validate = bodyValidator(service, found);
    if (validate && !validate(body)) problems.push(`${label}: body does not match ${found.op.operationId}: ${validatorsOf().ajv.errorsText(validate.errors)}`);
  }
  return problems;
}

/**
 * What is wrong with a response to a request (the emulator's contract test): a status the
 * operation does not list, or a JSON body that breaks the listed schema. Operations without a
 * published schema (the partner stub, the unpublished ones) have nothing to break.
 */
export function checkResponse(req: { method: string; url: string }, status: number, body: unknown): string[] {
  const url = new URL(req.url, 'http://emulator.local');
  const service = serviceOf(req.method, url.pathname);
  if (!service || !SPECS[service].full) return [];
  const found = findOperation(service, req.method, url.pathname) ?? findOperation(service, req.method, decodeURIComponent(url.pathname))!;
  const label = `${req.method} ${url.pathname} → ${status}`;
  const responses = found.op.responses ?? {};
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
  if (!key) return [`${label}: ${found.op.operationId} lists no ${status} response (it lists ${Object.keys(responses).join(', ')})`];
  let at = pointer('paths', found.template, found.method.toLowerCase(), 'responses', key);
  let response = responses[key]!;
  const ref = response.$ref?.split('/').pop();
  if (ref) {
    response = SPECS[service].doc.components!.responses![ref]!;
    at = pointer('components', 'responses', ref);
  }
  if (!response.content?.['application/json']?.schema) return [];
  const { ajv } = validatorsOf();
  const validate = cached(`${service} ${at} response`, () => ajv.compile({ $ref: `${service}#/${at}/content/application~1json/schema` }))!;
  return validate(body) ? [] : [`${label}: body does not match ${found.op.operationId}: ${ajv.errorsText(validate.errors, { dataVar: 'response' })}`];
}
