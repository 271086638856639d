import type { CaseBatchResult, CaseChangeBatchResult, CaseCreate, CaseListQuery, CasePatch, CaseView } from '@marhaba/shared';
import { request } from './http';

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

export const listCases = (query: CaseListQuery) => request<CasePage>('GET', '/api/cases', { query: { ...query } });
/** Every case of a site still open, page after page: the site's list is never cut short. */
export async function listOpenCases(siteId: string): Promise<CaseView[]> {
  const items: CaseView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases({ siteId, open: 'true', limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export const getCase = (id: string) => request<CaseView>('GET', `/api/cases/${encodeURIComponent(id)}`);
export const patchCase = (id: string, patch: CasePatch, signal?: AbortSignal) => request<CaseView>('PATCH', `/api/cases/${encodeURIComponent(id)}`, { body: patch, signal });
export const createCase = (body: CaseCreate, signal?: AbortSignal) => request<CaseView & { duplicate: boolean }>('POST', '/api/cases', { body, signal });
/** Queued cases in one request (the outbox after a time offline): all stored, new or duplicate, or none. */
export const createCases = (cases: CaseCreate[], signal?: AbortSignal) => request<CaseBatchResult>('POST', '/api/cases/batch', { body: { cases }, signal });
/** Queued changes in one request, in order: all applied (or known by their changeId) or none. */
export const patchCases = (changes: { caseId: string; patch: CasePatch }[], signal?: AbortSignal) => request<CaseChangeBatchResult>('POST', '/api/cases/changes', { body: { changes }, signal });
