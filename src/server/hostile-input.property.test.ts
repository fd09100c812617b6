/**
 * Hostile input over the whole JSON API: every route the app registers gets
 * generated requests, as an administrator (past authorization, so bodies
 * reach validation and the services) and anonymously. Bodies follow the
 * route's own OpenAPI schema with hostile values put in (wrong types, huge and
 * non-finite numbers, prototype keys, unstorable text), or are random JSON,
 * deeply nested, malformed, invalid UTF-8, multipart garbage or of a wrong
 * content type; query strings and path parameters likewise. Whatever comes
 * in, no answer is a 500 and every refusal is JSON naming the problem.
 *
 * In-process (app.inject), with a fixed seed and few cases per route; `npm
 * run test:fuzz` runs many more with a fresh seed (see test-support/fuzz.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES } from '../core/access/policy.js';
import { openStore } from '../db/connect.js';
import { createServices } from '../services/container.js';
import { ensureDefaults } from '../services/defaults.service.js';
import { expectNoInternals, PASSWORD } from '../test-support/access.js';
import { fuzzSettings, fuzzTimeout, nastyText } from '../test-support/fuzz.js';
import { signInUsers } from '../test-support/http.js';
import { createStoreLocation, describeEachStore } from '../test-support/stores.js';
import { buildApp } from './app.js';

// ---------------------------------------------------------------------------
// The routes and their schemas, read from an app over a throwaway store
// (tests must be declared before any store of the suite is open).

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: JsonSchema | boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface RouteSpec {
  method: string;
  /** Fastify's form: /api/plans/:code. */
  url: string;
  action: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: JsonSchema | null;
}

type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};

async function readRoutes(): Promise<RouteSpec[]> {
  const location = await createStoreLocation('sqlite');
  const store = await openStore(location);
  try {
    const app = await buildApp({
      context: { services: createServices(store), store, version: 'routes' },
      logLevel: 'silent',
      webRoot: null,
    });
    await app.ready();
    const document = app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const routes = app.policyRoutes.map((route): RouteSpec => {
      const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[openApiPath]?.[route.method.toLowerCase()] ?? {};
      const parameters = operation.parameters ?? [];
      const pathNames = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
      return {
        method: route.method,
        url: route.url,
        action: route.policy.action,
        // Every parameter of the URL, whether or not the schema names it.
        pathParams: pathNames.map(
          (name) =>
            parameters.find((parameter) => parameter.in === 'path' && parameter.name === name) ?? {
              name,
              in: 'path',
            },
        ),
        queryParams: parameters.filter((parameter) => parameter.in === 'query'),
        body: operation.requestBody?.content['application/json']?.schema ?? null,
      };
    });
    await app.close();
    return routes;
  } finally {
    await store.close();
    await location.dispose();
  }
}

const ROUTES = await readRoutes();

/** Routes whose success ends the administrator's session or grant: checked after each success. */
const ENDS_ADMIN = new Set([
  'DELETE /api/session',
  'POST /api/session/revoke-all',
  'POST /api/account/password',
  'DELETE /api/users/:id/roles/:assignmentId',
]);

/** Routes that take no input but end the session: each case costs a new sign-in (scrypt), so fewer. */
const FEWER_RUNS = new Set(['DELETE /api/session', 'POST /api/session/revoke-all']);

/** Routes that read the raw body as a file. */
const FILE_ROUTES = new Set(['POST /api/imports', 'POST /api/tasks/import']);

/**
 * Query values that are valid but start a browser (the PDF report): left out,
 * as they test Chromium rather than input handling. `format` is always sent there.
 */
const FORCED_QUERY: Record<string, Record<string, string[]>> = {
  'GET /api/evaluations/:year/report': { format: ['html', 'xlsx'] },
};

// ---------------------------------------------------------------------------
// Values: JSON trees that may hold what JSON.stringify cannot write.

/** Text put into the JSON as it is: 1e400, -0, NaN, a bare word. */
class RawJson {
  constructor(readonly text: string) {}
}

/** An object as a list of entries: keys may repeat and be __proto__. */
class JsonObject {
  constructor(readonly entries: readonly (readonly [string, Json])[]) {}
}

type Json = string | number | boolean | null | RawJson | JsonObject | Json[];

function jsonText(value: Json): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonObject)
    return `{${value.entries.map(([key, inner]) => `${JSON.stringify(key)}:${jsonText(inner)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return JSON.stringify(value);
}

/** A query or path value as text: arrays repeat the key, objects become JSON. */
function plainText(value: Json): string {
  if (typeof value === 'string') return value;
  if (value instanceof RawJson) return value.text;
  if (value === null) return '';
  if (typeof value === 'object') return jsonText(value);
  return String(value);
}

/**
 * Percent-encodes text for a URL; a lone surrogate becomes the bytes a
 * careless encoder would send (ED A0 80...), which are no UTF-8.
 */
function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    } else out += encodeURIComponent(char);
  }
  return out;
}

const NUMBER_TOKENS = [
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '-0',
  '5e-324',
  '9007199254740993',
  '-9223372036854775809',
  '0.30000000000000004',
  '1.0',
  '1E2',
  '123456789012345678901234567890',
];
/** Tokens no JSON parser takes: the request is malformed, not merely wrong. */
const INVALID_TOKENS = ['NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '.5', '01', "'x'"];

const hostileNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...NUMBER_TOKENS).map((text) => new RawJson(text)),
  fc.constantFrom(...INVALID_TOKENS).map((text) => new RawJson(text)),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-0', ' 1 ', '1,5', '１'),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Any JSON, with hostile leaves and keys. */
const hostileJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyText,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.oneof(nastyText, fc.constantFrom(...PROTOTYPE_KEYS)), tie('value')), {
        maxLength: 4,
      })
      .map((entries) => new JsonObject(entries)),
  ),
})).value;

/** A value of a different kind than a field takes. */
const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  nastyText,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant<Json>([]),
  fc.constant(new JsonObject([])),
  fc.constant(new JsonObject([['__proto__', new JsonObject([['admin', true]])]])),
  hostileJson,
);

// ---------------------------------------------------------------------------
// Values a route would take: the store's codes, by the name of the field.

interface Pools {
  plans: string[];
  indicators: string[];
  dataSets: string[];
  units: string[];
}

function plausibleText(name: string, pools: Pools): string[] {
  const key = name.toLowerCase();
  if (/indicator/.test(key)) return pools.indicators;
  if (/^(plan|alignsto)$/.test(key)) return pools.plans;
  if (/dataset/.test(key)) return pools.dataSets;
  if (/unit|owner|under|children|parent$/.test(key)) return pools.units;
  if (/measure|node|path/.test(key)) return ['III.2.3', 'IV.2.6', 'II.2', 'I'];
  if (/period|from|to$/.test(key)) return ['2024', '2025', '2024Q3', '202407', '2024S1'];
  if (/asof/.test(key)) return ['2025-01-01', '2025-01-01T00:00:00Z'];
  if (/on$|date/.test(key)) return ['2026-03-01', '2026-12-31'];
  if (/username/.test(key)) return ['fuzz.user', 'fuzz.admin'];
  if (/password/.test(key)) return [PASSWORD, `${PASSWORD} 2`];
  if (/role/.test(key)) return [...ROLES];
  if (/email/.test(key)) return ['someone@example.org'];
  if (/url/.test(key)) return ['https://example.org/hook'];
  if (/filename/.test(key)) return ['values.csv', 'tasks.xlsx', 'a/../../b.csv'];
  if (/flow/.test(key)) return ['NIDS_ANNUAL', 'ALL', 'PLANWATCH,NIDS_ANNUAL'];
  if (/agency/.test(key)) return ['PLANWATCH', 'all'];
  if (key === 'key') return ['all', '*', 'users_5g.CN', 'users_5g+internet_users..'];
  if (key === 'code') return [...pools.plans, ...pools.indicators, ...pools.dataSets];
  return ['x', '示例'];
}

/**
 * How values are made: from the store's codes; `valid` keeps to what the
 * schema takes (to reach the services with odd but well-formed input),
 * otherwise values at and past the bounds and of the wrong kind come too.
 */
interface Generation extends Pools {
  valid: boolean;
}

/** Fields where people write free text: hostile text belongs there even in valid requests. */
const FREE_TEXT = /title|description|comment|note|reason|summary|text|name|source|deliverable/i;

/** A value the schema takes, or nearly: within its bounds, at them, or one past. */
function plausibleValue(
  schema: JsonSchema,
  name: string,
  generation: Generation,
  depth: number,
): fc.Arbitrary<Json> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as Json[]));
  if (schema.const !== undefined) return fc.constant(schema.const as Json);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0)
    return fc.oneof(...variants.map((variant) => valueOf(variant, name, generation, depth)));
  if (schema.allOf && schema.allOf.length > 0)
    return valueOf(Object.assign({}, ...schema.allOf) as JsonSchema, name, generation, depth);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1)
    return fc.oneof(
      ...types.map((type) => plausibleValue({ ...schema, type }, name, generation, depth)),
    );
  const type: string = types[0] ?? 'any';
  switch (type) {
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? 64;
      const lengths = generation.valid ? [min, max] : [min, Math.max(0, min - 1), max, max + 1];
      let texts: fc.Arbitrary<string> = fc.constantFrom(...plausibleText(name, generation));
      if (schema.pattern) {
        // Codes of the pools that fit the pattern, or text made to fit it.
        const pattern = new RegExp(schema.pattern, 'u');
        const fitting = [...plausibleText(name, generation), '2026-03-01', '2026-12-31'].filter(
          (text) => pattern.test(text),
        );
        texts =
          fitting.length > 0
            ? fc.constantFrom(...fitting)
            : fc.stringMatching(pattern, { size: 'xsmall' });
        if (generation.valid) return texts;
      }
      return fc.oneof(
        { weight: 4, arbitrary: texts },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...lengths)
            .map((length) => 'x'.repeat(Math.min(length, 200_000))),
        },
        { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 12) }) },
        { weight: FREE_TEXT.test(name) ? 3 : 0, arbitrary: nastyText },
      );
    }
    case 'number':
    case 'integer': {
      const low = schema.minimum ?? schema.exclusiveMinimum ?? -1000;
      const high = schema.maximum ?? 1_000_000;
      const inRange =
        type === 'integer'
          ? fc.integer({
              min: Math.max(Math.ceil(low), -(2 ** 31)),
              max: Math.min(Math.floor(high), 2 ** 31),
            })
          : fc.double({ min: low, max: high, noNaN: true });
      const bounds = generation.valid ? [low, high] : [low, high, low - 1, high + 1, 0.5];
      return fc.oneof(
        { weight: 4, arbitrary: inRange },
        { weight: 1, arbitrary: fc.constantFrom(...bounds) },
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ?? {};
      return fc.array(valueOf(items, name, generation, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    }
    case 'object':
      return objectOf(schema, generation, depth);
    default:
      return hostileJson;
  }
}

/** What the schema takes; unless valid, now and then something else entirely. */
function valueOf(
  schema: JsonSchema,
  name: string,
  generation: Generation,
  depth: number,
): fc.Arbitrary<Json> {
  if (depth > 6) return generation.valid ? fc.constant(null) : wrongValue;
  if (generation.valid) return plausibleValue(schema, name, generation, depth);
  return fc.oneof(
    { weight: 6, arbitrary: plausibleValue(schema, name, generation, depth) },
    { weight: 1, arbitrary: wrongValue },
  );
}

/**
 * The schema's fields, optional ones half the time; unless valid, a required
 * one missing now and then, and an unknown or prototype key.
 */
function objectOf(schema: JsonSchema, generation: Generation, depth: number): fc.Arbitrary<Json> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([name, inner]) =>
    fc
      .tuple(fc.integer({ min: 0, max: 19 }), valueOf(inner, name, generation, depth + 1))
      .map(([dice, value]): [string, Json] | null => {
        const present = required.has(name) ? generation.valid || dice !== 0 : dice < 10;
        return present ? [name, value] : null;
      }),
  );
  const extra = generation.valid
    ? fc.constant(null)
    : fc.option(fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), nastyText), wrongValue), {
        freq: 6,
      });
  return fc
    .tuple(fc.tuple(...fields), extra)
    .map(
      ([entries, added]) =>
        new JsonObject([
          ...entries.filter((entry): entry is [string, Json] => entry !== null),
          ...(added ? [added] : []),
        ]),
    );
}

/** A parsed JSON document as a Json tree. */
function asJson(value: unknown): Json {
  if (Array.isArray(value)) return value.map(asJson);
  if (value !== null && typeof value === 'object')
    return new JsonObject(Object.entries(value).map(([key, inner]) => [key, asJson(inner)]));
  return value as Json;
}

/** An example document mutated here and there: leaves replaced, keys dropped or added. */
function mutationOf(example: unknown, depth = 0): fc.Arbitrary<Json> {
  const leaf = (value: Json) =>
    fc.oneof({ weight: 5, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: wrongValue });
  if (example === null || typeof example !== 'object') return leaf(example as Json);
  if (depth > 8) return fc.constant(null);
  if (Array.isArray(example)) {
    if (example.length === 0) return leaf([]);
    return fc.tuple(...example.map((item) => mutationOf(item, depth + 1)));
  }
  const entries = Object.entries(example);
  return fc
    .tuple(
      ...entries.map(([key, value]) =>
        fc.option(
          mutationOf(value, depth + 1).map((inner): [string, Json] => [key, inner]),
          { freq: 12 },
        ),
      ),
      fc.option(fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS, 'unknownField'), wrongValue), {
        freq: 8,
      }),
    )
    .map(
      (chosen) => new JsonObject(chosen.filter((entry): entry is [string, Json] => entry !== null)),
    );
}

// ---------------------------------------------------------------------------
// Requests

interface HostileRequest {
  user: 'admin' | null;
  method: string;
  /** The route as registered (/api/plans/:code), and the URL sent. */
  route: string;
  url: string;
  contentType: string | null;
  payload: string | Buffer | null;
  /** What kind of body this is, for the failure message. */
  kind: string;
}

interface Body {
  contentType: string | null;
  payload: string | Buffer | null;
  kind: string;
  /** The error code every route answers this body with, where it is always the same. */
  error?: string;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const deep = (open: string, inner: string, close: string, depth: number) =>
  open.repeat(depth) + inner + close.repeat(depth);

const INVALID_UTF8 = [
  [0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe6, 0xb9],
  [0xf8, 0x88, 0x80, 0x80],
];

/**
 * Bodies every route refuses with a 4xx, whether it takes a body or not:
 * malformed JSON, prototype keys, nesting past the text guard's limit, bytes
 * that are no UTF-8, content types no route reads, broken multipart.
 */
const MALFORMED_BODIES: readonly Body[] = [
  {
    contentType: 'application/json',
    payload: '',
    kind: 'empty JSON',
    error: 'FST_ERR_CTP_EMPTY_JSON_BODY',
  },
  {
    contentType: 'application/json',
    payload: '{"a":',
    kind: 'truncated JSON',
    error: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  {
    contentType: 'application/json',
    payload: '{"a":1,}',
    kind: 'trailing comma',
    error: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  {
    contentType: 'application/json',
    payload: "{'a':1}",
    kind: 'single quotes',
    error: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  {
    contentType: 'application/json',
    payload: '{"a":NaN}',
    kind: 'NaN literal',
    error: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  {
    contentType: 'application/json',
    payload: '{"a":Infinity}',
    kind: 'Infinity literal',
    error: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  {
    contentType: 'application/json',
    payload: '{"__proto__":{"admin":true}}',
    kind: '__proto__ key',
    error: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  {
    contentType: 'application/json',
    payload: '{"constructor":{"prototype":{"admin":true}}}',
    kind: 'constructor.prototype key',
    error: 'FST_ERR_CTP_INVALID_JSON_BODY',
  },
  ...[100, 100_000].flatMap((depth): Body[] => [
    {
      contentType: 'application/json',
      payload: deep('[', '1', ']', depth),
      kind: `arrays nested ${depth} deep`,
      error: 'invalid_text',
    },
    {
      contentType: 'application/json',
      payload: deep('{"a":', '1', '}', depth),
      kind: `objects nested ${depth} deep`,
      error: 'invalid_text',
    },
  ]),
  ...INVALID_UTF8.map((bytes): Body => ({
    contentType: 'application/json',
    payload: Buffer.concat([utf8('{"comment":"a'), Buffer.from(bytes), utf8('b"}')]),
    kind: `invalid UTF-8 ${Buffer.from(bytes).toString('hex')} in a string`,
    error: 'invalid_utf8',
  })),
  {
    contentType: 'application/json',
    payload: Buffer.concat([utf8('{"a'), Buffer.from([0xff]), utf8('":1}')]),
    kind: 'invalid UTF-8 in a key',
    error: 'invalid_utf8',
  },
  {
    contentType: 'text/plain',
    payload: '{}',
    kind: 'text/plain',
    error: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  },
  {
    contentType: 'application/xml',
    payload: '<a>1</a>',
    kind: 'XML',
    error: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  },
  {
    contentType: 'application/x-www-form-urlencoded',
    payload: 'a=1&__proto__[admin]=1',
    kind: 'form post',
    error: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  },
  {
    contentType: 'application/jsonx',
    payload: '{}',
    kind: 'almost JSON type',
    error: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  },
  { contentType: 'multipart/form-data', payload: 'garbage', kind: 'multipart, no boundary' },
  {
    contentType: 'multipart/form-data; boundary=x',
    payload: 'garbage',
    kind: 'multipart garbage',
  },
  {
    contentType: 'multipart/form-data; boundary=x',
    payload: '--x\r\nContent-Disposition: form-data; name="update"\r\n\r\n{"a":',
    kind: 'multipart cut short',
  },
  {
    contentType: 'multipart/form-data; boundary=x',
    payload:
      '--x\r\nContent-Disposition: form-data; name="update"\r\n\r\n{not json}\r\n--x\r\nContent-Disposition: form-data; name="evidence"; filename="../../a.exe"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\r\n--x--\r\n',
    kind: 'multipart with bad JSON and a file',
  },
  {
    contentType: 'multipart/form-data; boundary=x',
    payload:
      '--x\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\n{}\r\n--x\r\nContent-Disposition: form-data; name="other"; filename="a"\r\n\r\nA\r\n--x--\r\n',
    kind: 'multipart with unknown fields',
  },
];

/** Bodies a route without a body may well ignore, and one with a body must refuse. */
const ODD_BODIES: readonly Body[] = [
  { contentType: 'application/json', payload: '\ufeff{}', kind: 'byte order mark' },
  { contentType: 'application/json', payload: 'null', kind: 'null body' },
  { contentType: 'application/json', payload: '"text"', kind: 'string body' },
  { contentType: 'application/json', payload: '1e400', kind: 'huge number body' },
  { contentType: 'application/json', payload: '[]', kind: 'array body' },
  { contentType: null, payload: '{}', kind: 'no content type' },
  { contentType: 'application/json; charset=utf-16le', payload: '{}', kind: 'UTF-16 charset' },
];

/** Malformed and odd bodies, and random bytes as JSON or as a file. */
const brokenBody: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom(...MALFORMED_BODIES, ...ODD_BODIES),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes): Body => ({
    contentType: 'application/json',
    payload: Buffer.concat([utf8('{"text":"'), Buffer.from(bytes), utf8('"}')]),
    kind: 'random bytes in a JSON string',
  })),
  fc.uint8Array({ maxLength: 200 }).map((bytes): Body => ({
    contentType: 'application/octet-stream',
    payload: Buffer.from(bytes),
    kind: 'random bytes',
  })),
);

/** Files for the upload routes: random bytes, broken zips, CSV text with hostile cells. */
const fileBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .tuple(
      fc.uint8Array({ maxLength: 400 }),
      fc.constantFrom('application/octet-stream', 'text/csv'),
    )
    .map(([bytes, contentType]): Body => ({
      contentType,
      payload: Buffer.from(bytes),
      kind: 'random file',
    })),
  fc.uint8Array({ maxLength: 200 }).map((bytes): Body => ({
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    payload: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(bytes)]),
    kind: 'broken zip',
  })),
  fc
    .tuple(
      fc.constantFrom(
        'indicator,org_unit,period,value',
        'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE',
        'ref,parent_ref,plan,measure,title,lead_unit,start_on,due_on',
        '',
      ),
      fc.array(
        fc.array(fc.oneof(nastyText, fc.constantFrom('users_5g', 'CN', '2024', '1')), {
          maxLength: 8,
        }),
        {
          maxLength: 6,
        },
      ),
      fc.constantFrom('utf8', 'utf16le', 'latin1') as fc.Arbitrary<BufferEncoding>,
    )
    .map(([header, rows, encoding]): Body => {
      const text = [
        header,
        ...rows.map((row) => row.map((cell) => JSON.stringify(cell)).join(',')),
      ].join('\n');
      return {
        contentType: 'text/csv',
        payload: Buffer.from(encoding === 'utf16le' ? `\ufeff${text}` : text, encoding),
        kind: `CSV in ${encoding}`,
      };
    }),
);

function bodyOf(
  route: RouteSpec,
  generation: Generation,
  examples: Map<string, unknown>,
): fc.Arbitrary<Body> {
  const key = `${route.method} ${route.url}`;
  const json = (arbitrary: fc.Arbitrary<Json>, kind: string) =>
    arbitrary.map((value): Body => ({
      contentType: 'application/json',
      payload: jsonText(value),
      kind,
    }));
  const example = examples.get(key);
  const shaped =
    example !== undefined
      ? generation.valid
        ? json(fc.constant(asJson(example)), 'example')
        : json(mutationOf(example), 'mutated example')
      : route.body
        ? json(objectOf(route.body, generation, 0), 'schema-shaped JSON')
        : json(hostileJson, 'random JSON');
  if (generation.valid) return shaped;
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: json(hostileJson, 'random JSON') },
    { weight: 3, arbitrary: brokenBody },
    { weight: FILE_ROUTES.has(key) ? 6 : 0, arbitrary: fileBody },
  );
}

/** A path segment: a code of the store, or something hostile (percent-encoded or raw). */
function segmentOf(
  parameter: Parameter,
  route: RouteSpec,
  generation: Generation,
): fc.Arbitrary<string> {
  const pools = generation;
  const before = route.url.split(`:${parameter.name}`)[0]!;
  let plausible: string[];
  if (/\/(id|assignmentId)$/.test(`/${parameter.name}`)) plausible = ['1', '2', '3'];
  else if (parameter.name === 'year') plausible = ['2024', '2025', '2026'];
  else if (parameter.name === 'code' && /\/plans\/$/.test(before)) plausible = pools.plans;
  else if (parameter.name === 'code' && /indicators\/$/.test(before)) plausible = pools.indicators;
  else if (parameter.name === 'code' && /data-sets\/$/.test(before)) plausible = pools.dataSets;
  else if (parameter.name === 'code' && /units\/$/.test(before)) plausible = pools.units;
  else plausible = plausibleText(parameter.name, pools);
  if (generation.valid) return fc.constantFrom(...plausible).map(percentEncode);
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...plausible).map(percentEncode) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '1.5',
        '1e3',
        '99999999999999999999',
        '9007199254740993',
        'NaN',
        'Infinity',
        '%00',
        '%FF',
        '%C0%AF',
        '%ED%A0%80',
        '%2e%2e%2f%2e%2e',
        '..',
        '%20',
        'x'.repeat(120),
      ),
    },
    { weight: 2, arbitrary: nastyText.filter((text) => text !== '').map(percentEncode) },
  );
}

function queryOf(route: RouteSpec, generation: Generation): fc.Arbitrary<string> {
  const forced = FORCED_QUERY[`${route.method} ${route.url}`] ?? {};
  const pairs = route.queryParams.map((parameter) => {
    const name = parameter.name;
    if (forced[name]) return fc.constantFrom(...forced[name]).map((value) => [`${name}=${value}`]);
    return fc
      .option(valueOf(parameter.schema ?? {}, name, generation, 0), { freq: 3 })
      .map((value) => {
        if (value === null) return [];
        const values = Array.isArray(value) ? value : [value];
        return values.map((item) => `${name}=${percentEncode(plainText(item))}`);
      });
  });
  const first = route.queryParams[0]?.name ?? 'x';
  const raw = generation.valid
    ? fc.constant(null)
    : fc.option(
        fc.constantFrom(
          '%',
          '%FF=%FE',
          'a=%C0%AF',
          '__proto__[admin]=1',
          'constructor[prototype][admin]=1',
          `${first}=1&${first}=2`,
          '=&&=',
          `unknown=${'x'.repeat(5000)}`,
        ),
        { freq: 4 },
      );
  return fc
    .tuple(fc.tuple(...pairs), raw)
    .map(([chosen, extra]) => [...chosen.flat(), ...(extra ? [extra] : [])].join('&'));
}

function takesBody(route: RouteSpec): boolean {
  return route.method !== 'GET' && route.method !== 'DELETE';
}

/** The route's URL with a plausible value in every path parameter. */
function plainUrl(route: RouteSpec, pools: Pools): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => {
    if (name === 'year') return '2025';
    if (/id$/i.test(name)) return '1';
    return percentEncode(plausibleText(name, pools)[0]!);
  });
}

function requestOf(
  route: RouteSpec,
  pools: Pools,
  examples: Map<string, unknown>,
): fc.Arbitrary<HostileRequest> {
  const noBody = fc.constant<Body>({ contentType: null, payload: null, kind: 'no body' });
  // One request in three keeps to the schema, to reach the services with odd but valid input.
  return fc.constantFrom(true, false, false).chain((valid) => {
    const generation: Generation = { ...pools, valid };
    return fc
      .record({
        user: fc.constantFrom<'admin' | null>('admin', 'admin', 'admin', null),
        segments: fc.tuple(
          ...route.pathParams.map((parameter) => segmentOf(parameter, route, generation)),
        ),
        query: queryOf(route, generation),
        body: takesBody(route)
          ? valid
            ? bodyOf(route, generation, examples)
            : fc.oneof(
                { weight: 12, arbitrary: bodyOf(route, generation, examples) },
                { weight: 1, arbitrary: noBody },
              )
          : noBody,
      })
      .map(({ user, segments, query, body }) => {
        let url = route.url;
        route.pathParams.forEach((parameter, index) => {
          url = url.replace(`:${parameter.name}`, segments[index]!);
        });
        return {
          user,
          method: route.method,
          route: route.url,
          url: query === '' ? url : `${url}?${query}`,
          ...body,
          kind: `${valid ? 'valid' : 'hostile'}: ${body.kind}`,
        };
      });
  });
}

// ---------------------------------------------------------------------------

const ORDINARY_RUNS = 8;

describeEachStore('Hostile input over HTTP', (fixture) => {
  let app: FastifyInstance;
  let filesDir: string;
  let adminHeaders: Record<string, string>;
  let admins = 0;
  const pools: Pools = { plans: [], indicators: [], dataSets: [], units: [] };
  const examples = new Map<string, unknown>();
  let addresses = 0;

  /** A new administrator, signed in: after a request that ended the last one's session or grant. */
  async function newAdmin(): Promise<void> {
    admins += 1;
    const name = `fuzz.admin.${admins}`;
    adminHeaders = (await signInUsers(fixture.store, [[name, 'admin', 'CN']]))[name]!;
  }

  beforeAll(async () => {
    const db = fixture.store.db;
    await ensureDefaults(db);
    await newAdmin();
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planwatch-fuzz-files-'));
    app = await buildApp({
      context: {
        services: createServices(fixture.store, {
          filesDir,
          evidenceLimits: { maxFileBytes: 4096, maxTotalBytes: 8192, maxFiles: 2 },
        }),
        store: fixture.store,
        version: 'test',
      },
      logLevel: 'silent',
      webRoot: null,
    });
    const codes = async (table: 'plan' | 'indicator' | 'dataSet' | 'orgUnit', limit: number) =>
      (await db.selectFrom(table).select('code').orderBy('code').limit(limit).execute()).map(
        (row) => row.code,
      );
    pools.plans = await codes('plan', 4);
    pools.indicators = await codes('indicator', 6);
    pools.dataSets = await codes('dataSet', 3);
    pools.units = ['CN', '420000', '420100', ...(await codes('orgUnit', 3))];
    examples.set(
      'PUT /api/data-sets/:code',
      JSON.parse(fs.readFileSync('data/data-sets/nids-annual.json', 'utf8')) as unknown,
    );
    // A local plan as POST /api/plans takes it: the shipped example, under a new code.
    const localPlan = JSON.parse(
      fs.readFileSync('data/plans/examples/province-informatization-plan.example.json', 'utf8'),
    ) as { ownerUnit: string; alignsTo: string; title: string; textFile: string };
    examples.set('POST /api/plans', {
      code: 'fuzz-plan',
      ownerUnit: localPlan.ownerUnit,
      alignsTo: localPlan.alignsTo,
      title: localPlan.title,
      text: fs.readFileSync(path.join('data/plans/examples', localPlan.textFile), 'utf8'),
    });
  });

  afterAll(async () => {
    await app?.close();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  async function send(request: HostileRequest): Promise<LightMyRequestResponse> {
    addresses += 1;
    const headers: Record<string, string> = request.user === 'admin' ? { ...adminHeaders } : {};
    if (request.contentType !== null) headers['content-type'] = request.contentType;
    const options: InjectOptions = {
      method: request.method,
      url: request.url,
      headers,
      // Each request from its own address: rate limits are not what is tested here.
      remoteAddress: `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`,
      ...(request.payload === null ? {} : { payload: request.payload }),
    };
    const response = await app.inject(options);
    const route = `${request.method} ${request.route}`;
    if (request.user === 'admin' && response.statusCode < 300 && ENDS_ADMIN.has(route))
      await newAdmin();
    return response;
  }

  function labelOf(request: HostileRequest, response: LightMyRequestResponse): string {
    return `${request.user ?? 'anonymous'} ${request.method} ${request.url.slice(0, 300)} (${request.kind}) -> ${response.statusCode} ${response.body.slice(0, 500)}`;
  }

  /** No 500; a refusal is JSON with an error code and a message saying what is wrong. */
  function expectRefusal(request: HostileRequest, response: LightMyRequestResponse): void {
    const label = labelOf(request, response);
    expect(response.statusCode, label).toBeLessThan(500);
    if (response.statusCode < 400) return;
    expectNoInternals(response.body);
    expect(String(response.headers['content-type']), label).toMatch(/^application\/json/);
    const body = response.json<{ error?: unknown; message?: unknown }>();
    expect(typeof body.error, label).toBe('string');
    expect(typeof body.message, label).toBe('string');
    // More than the status's name: what is wrong.
    expect((body.message as string).length, label).toBeGreaterThan(12);
  }

  for (const route of ROUTES) {
    const key = `${route.method} ${route.url}`;
    it(
      `${key} answers every hostile request below 500, refusals as JSON naming the problem`,
      async () => {
        if (takesBody(route)) {
          for (const body of MALFORMED_BODIES) {
            const request: HostileRequest = {
              user: 'admin',
              method: route.method,
              route: route.url,
              url: plainUrl(route, pools),
              ...body,
            };
            const response = await send(request);
            expect(response.statusCode, labelOf(request, response)).toBeGreaterThanOrEqual(400);
            expectRefusal(request, response);
            if (body.error !== undefined)
              expect(response.json<{ error: string }>().error, labelOf(request, response)).toBe(
                body.error,
              );
          }
        }
        await fc.assert(
          fc.asyncProperty(requestOf(route, pools, examples), async (request) => {
            const response = await send(request);
            const label = labelOf(request, response);
            expectRefusal(request, response);
            if (request.user === null && !['read:published', 'self'].includes(route.action)) {
              expect(
                response.statusCode,
                `anonymous write got through: ${label}`,
              ).toBeGreaterThanOrEqual(400);
            }
          }),
          fuzzSettings(FEWER_RUNS.has(key) ? 3 : ORDINARY_RUNS),
        );
      },
      fuzzTimeout(ORDINARY_RUNS, 2000),
    );
  }
});
