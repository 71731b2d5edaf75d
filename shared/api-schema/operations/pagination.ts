// The `?limit=&cursor=` every listing takes (shared/http/page-query.ts; docs/contract.md §2).
export const PAGE_QUERY_DOCS = {
  limit: 'How many items, 1\u2013100.',
  cursor: 'The `nextCursor` of the previous page; without it, the first page.',
} as const;
