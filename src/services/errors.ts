/**
 * Errors of the use cases. Each carries what the user needs to fix the
 * input; the server maps them to HTTP statuses in one place, the CLI to exit codes.
 */

export interface Problem {
  /** Where: a file name, a field path or a parameter. */
  path: string;
  line?: number | undefined;
  column?: number | undefined;
  message: string;
}

/** Input that cannot be accepted. Carries every problem found, not only the first. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The request conflicts with what the store holds (e.g. a plan code already taken, a value changed meanwhile). */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    /** The record as it is now, shown to the caller. */
    readonly current?: unknown,
  ) {
    super(message);
  }
}

export function formatProblem(problem: Problem): string {
  const where = [problem.path, problem.line, problem.column]
    .filter((part) => part !== undefined && part !== '')
    .join(':');
  return where ? `${where}: ${problem.message}` : problem.message;
}

/** Not signed in, or the credentials do not hold (401). */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

/** Signed in but not allowed here (403). */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** The account is locked for a while after repeated failed sign-ins (423). */
export class LockedError extends Error {
  override name = 'LockedError';
  constructor(
    message: string,
    readonly until: string,
  ) {
    super(message);
  }
}
