/** Shared bits of the route modules. */
import type { z } from '@hono/zod-openapi';
import { ApiError } from '../errors.js';
import { dayBound } from '../context.js';

/** The date filters of a query, checked and widened to whole days. */
export function dateRange(q: { since?: string | undefined; until?: string | undefined }): { since?: string; until?: string } {
  const since = q.since !== undefined ? dayBound(q.since, false) : undefined;
  const until = q.until !== undefined ? dayBound(q.until, true) : undefined;
  if (q.since !== undefined && since === undefined) throw new ApiError(400, 'bad-request', `since: no such date '${q.since}'`);
  if (q.until !== undefined && until === undefined) throw new ApiError(400, 'bad-request', `until: no such date '${q.until}'`);
  if (since && until && since > until) throw new ApiError(400, 'bad-request', `since ${since} is after until ${until}`);
  return { ...(since ? { since } : {}), ...(until ? { until } : {}) };
}

export const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
