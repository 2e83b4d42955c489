/**
 * Checks requests against the OpenAPI documents shipped in epilot's npm packages, so the contract
 * travels with `npm install` rather than with this workplace. Every request a command test makes
 * goes through `checkRequest` (see run.ts).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Service } from '../../src/config/env.js';
import { bodyTypeName, partnerBodySchemas } from './partner-types.js';

const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  $ref?: string;
  explode?: boolean;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation> & { parameters?: Operation['parameters'] }>;
  components?: { parameters?: Record<string, Parameter> };
}

function loadJson(path: string): OpenApiDoc {
  return JSON.parse(readFileSync(require.resolve(path), 'utf8')) as OpenApiDoc;
}

/** Where each package keeps its spec; the partner package ships only a paths-and-methods stub. */
export const SPECS: Record<Service, { doc: OpenApiDoc; source: string; full: boolean }> = {
  organization: { doc: loadJson('@epilot/organization-client/src/openapi.json'), source: '@epilot/organization-client/src/openapi.json', full: true },
  user: { doc: loadJson('@epilot/user-client/dist/openapi.json'), source: '@epilot/user-client/dist/openapi.json', full: true },
  permissions: { doc: loadJson('@epilot/permissions-client/dist/openapi.json'), source: '@epilot/permissions-client/dist/openapi.json', full: true },
  'access-token': { doc: loadJson('@epilot/access-token-client/dist/openapi.json'), source: '@epilot/access-token-client/dist/openapi.json', full: true },
  'audit-logs': { doc: loadJson('@epilot/audit-logs-client/dist/openapi.json'), source: '@epilot/audit-logs-client/dist/openapi.json', full: true },
  'partner-directory': {
    doc: (require('@epilot/partner-directory-client/dist/definition.js') as { default: OpenApiDoc }).default,
    source: '@epilot/partner-directory-client/dist/definition.js (stub: paths and methods; bodies are checked against schemas derived from its types)',
    full: false,
  },
};

/**
 * Operations the live API has (see the API docs) that the published package specs do not list yet.
 * They cannot be checked against a package spec; the contract test asserts this list stays exact,
 * so a package update that adds them makes the test say so.
 */
export const UNPUBLISHED: Record<string, string> = {
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

export const HOSTS: Record<string, Service> = {
  'organization-v2.sls.epilot.io': 'organization',
  'user.sls.epilot.io': 'user',
  'partner-directory-api.sls.epilot.io': 'partner-directory',
  'permissions.sls.epilot.io': 'permissions',
  'access-token.sls.epilot.io': 'access-token',
  'audit-logs.sls.epilot.io': 'audit-logs',
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
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
/** Query values arrive as strings: this one coerces them to the declared type ("5" → 5, "true" → true, "a" → ["a"]). */
const queryAjv = new Ajv({ strict: false, allErrors: true, validateFormats: true, coerceTypes: 'array' });
for (const a of [ajv, queryAjv]) {
  addFormats(a);
  for (const [service, { doc }] of Object.entries(SPECS)) a.addSchema(doc as object, service);
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

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

const validators = new Map<string, ValidateFunction | undefined>();

function bodyValidator(service: Service, method: string, template: string): ValidateFunction | undefined {
  const key = `${service} ${method} ${template}`;
  if (validators.has(key)) return validators.get(key);
  const op = findOperation(service, method, template.replace(/\{[^}]+\}/g, 'x'));
  const content = op?.op.requestBody?.content?.['application/json'];
  let validate: ValidateFunction | undefined;
  if (!SPECS[service].full) {
    if (content && op?.op.operationId) validate = ajv.compile({ $ref: `${derivedTypes()}#/definitions/${pointer(bodyTypeName(op.op.operationId))}` });
  } else if (content?.schema) {
    validate = ajv.compile({ $ref: `${service}#/${pointer('paths', template, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}` });
  }
  validators.set(key, validate);
  return validate;
}

/** Schemas derived from the partner-directory package's types, loaded the first time a body needs them. */
let derivedId: string | undefined;
function derivedTypes(): string {
  if (!derivedId) {
    ajv.addSchema(partnerBodySchemas() as object, 'partner-directory-types');
    derivedId = 'partner-directory-types';
  }
  return derivedId;
}

function queryValidator(service: Service, schemaPointer: string): ValidateFunction {
  const key = `${service} ${schemaPointer}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = queryAjv.compile({ type: 'object', properties: { value: { $ref: `${service}#/${schemaPointer}` } } });
    validators.set(key, validate);
  }
  return validate;
}

export interface RecordedRequest {
  method: string;
  url: string;
  body?: unknown;
}

/** Returns what is wrong with a request, or an empty list when the spec allows it. */
export function checkRequest(req: RecordedRequest): string[] {
  const url = new URL(req.url);
  const service = HOSTS[url.host];
  if (!service) return [];
  return checkOperation(service, req.method, url, req.body);
}

/**
 * The same check for a server that hosts all four APIs on one address (the e2e fake): the service
 * is the one whose spec has the path; their path prefixes do not overlap.
 */
export function checkAnyService(req: RecordedRequest): string[] {
  const url = new URL(req.url);
  const decoded = decodeURIComponent(url.pathname);
  const services = Object.keys(SPECS) as Service[];
  const service = services.find((s) => findOperation(s, req.method, url.pathname) ?? findOperation(s, req.method, decoded));
  if (service) return checkOperation(service, req.method, url, req.body);
  return isUnpublished(req.method, url.pathname) ? [] : [`${req.method} ${url.pathname}: no such operation in any package spec`];
}

function isUnpublished(method: string, path: string): boolean {
  return Object.keys(UNPUBLISHED).some((k) => {
    const [m, t] = k.split(' ');
    return m === method && templateRegex(t!).test(path);
  });
}

function checkOperation(service: Service, method: string, url: URL, body: unknown): string[] {
  const req = { method, body };
  const path = decodeURIComponent(url.pathname);
  const label = `${req.method} ${url.pathname}`;
  const found = findOperation(service, req.method, url.pathname) ?? findOperation(service, req.method, path);
  if (!found) return isUnpublished(req.method, url.pathname) ? [] : [`${label}: no such operation in ${SPECS[service].source}`];
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
    if (!validate(holder)) problems.push(`${label}: query parameter "${p.name}"=${JSON.stringify(url.searchParams.getAll(p.name).join('&'))} does not match the spec: ${queryAjv.errorsText(validate.errors, { dataVar: p.name })}`);
  }
  const hasBody = req.body !== undefined && req.body !== '';
  const spec = found.op.requestBody;
  if (hasBody && !spec) problems.push(`${label}: sends a body but ${found.op.operationId} takes none`);
  if (!hasBody && spec?.required) problems.push(`${label}: ${found.op.operationId} requires a body`);
  if (hasBody && spec) {
    const validate = bodyValidator(service, req.method, found.template);
    if (validate && !validate(req.body)) {
      problems.push(`${label}: body does not match ${found.op.operationId}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  return problems;
}
