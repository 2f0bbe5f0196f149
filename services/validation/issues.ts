import type { z } from 'zod';

import { ISSUE_CODES, type IssueCode } from '../domain/codes';

export type { IssueCode };

export interface FieldIssue {
  field: string;
  code: IssueCode;
  params?: { max?: number; min?: number };
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ISSUE_CODES);

/**
 * Schemas here put an IssueCode in each message; this turns zod's issues into field issues,
 * one per field (the first is the one worth fixing first).
 */
export function fieldIssuesFrom(error: z.ZodError): FieldIssue[] {
  const byField = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (byField.has(field)) continue;
    const code = (KNOWN_CODES.has(issue.message) ? issue.message : 'invalid_choice') as IssueCode;
    const max = issue.code === 'too_big' && code === 'too_long' ? Number(issue.maximum) : null;
    byField.set(field, max !== null ? { field, code, params: { max } } : { field, code });
  }
  return [...byField.values()];
}

/**
 * Card inputs arrive as strings, but a client (or an attacker) may send anything. Plain values
 * become trimmed strings; objects and arrays become undefined so they fail as "required".
 */
export function cardText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
