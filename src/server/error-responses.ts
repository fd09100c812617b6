/** The error answers a route documents besides its success, each with the one error shape. */
import { errorSchema } from '../api/contract.js';

export function errorResponses<const Codes extends readonly number[]>(
  ...codes: Codes
): Record<Codes[number], typeof errorSchema> {
  return Object.fromEntries(codes.map((code) => [code, errorSchema])) as Record<
    Codes[number],
    typeof errorSchema
  >;
}
