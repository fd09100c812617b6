/** The public API's rate-limit setting and client keys (no store involved). */
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { publicRateLimitOf } from '../../../config.js';
import { publicClientKey } from './rate-limit.js';

describe('public API rate limits', () => {
  it('reads PLANWATCH_PUBLIC_RATE_LIMIT, 600 a minute by default, naming a bad value', () => {
    expect(publicRateLimitOf({})).toBe(600);
    expect(publicRateLimitOf({ PLANWATCH_PUBLIC_RATE_LIMIT: '' })).toBe(600);
    expect(publicRateLimitOf({ PLANWATCH_PUBLIC_RATE_LIMIT: '30' })).toBe(30);
    expect(() => publicRateLimitOf({ PLANWATCH_PUBLIC_RATE_LIMIT: 'lots' })).toThrow(
      /^Invalid setting: PLANWATCH_PUBLIC_RATE_LIMIT="lots": /,
    );
    expect(() => publicRateLimitOf({ PLANWATCH_PUBLIC_RATE_LIMIT: '0' })).toThrow(
      'PLANWATCH_PUBLIC_RATE_LIMIT="0"',
    );
  });

  it('keys anonymous callers by address and token callers by their token, never the secret', () => {
    const anonymous = { headers: {}, ip: '10.0.0.9', principal: { kind: 'anonymous' } };
    expect(publicClientKey(anonymous as unknown as FastifyRequest)).toBe('ip:10.0.0.9');
    const token = (secret: string) =>
      publicClientKey({
        headers: { authorization: `Bearer ${secret}` },
        ip: '10.0.0.9',
        principal: { kind: 'user', userId: 7, via: 'token' },
      } as unknown as FastifyRequest);
    expect(token('pw_one')).toMatch(/^token:[\w-]{43}$/);
    expect(token('pw_one')).not.toContain('pw_one');
    expect(token('pw_one')).not.toBe(token('pw_two'));
    const session = { headers: {}, ip: '10.0.0.9', principal: { kind: 'user', userId: 7 } };
    expect(publicClientKey(session as unknown as FastifyRequest)).toBe('user:7');
  });
});
