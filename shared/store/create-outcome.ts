/** What a create reports when its item may already exist (an idempotent retry, or a conflict). */
export type CreateOutcome<T> = { created: true; value: T } | { created: false; existing: T; fingerprint: string | null };
