import type { LocalDate } from '../domain/codes';
import type { AuditAction, CaseRecord } from '../domain/records';
import type { Keyring } from '../crypto/keyring';
import { parseIdentityNumber } from '../cases/identityNumber';
import type { Repositories } from '../store/repositories';
import type { Clock } from '../time/clock';
import { localDateOf, toLocal } from '../time/stockholm';
import type { AuditLog, ExtractOperator } from './auditLog';
import { auditRetentionCutoff } from './auditRetention';
import { ACTION_NAMES, EXTRACT_TEXTS } from './auditTexts.sv';

// The patient's right to a log extract: who did what with their cases, and when. It is built
// from the audit log and the cases' non-sensitive fields only — nothing is decrypted, so no SBAR
// text can reach it — and finds the person's cases by their keyed subject hash, which a purged
// case keeps.

export interface ExtractEntry {
  at: Date;
  action: AuditAction;
  actor: { name: string; organization: string | null };
}

export interface ExtractCase {
  reference: string;
  meeting: { area: string | null; date: LocalDate };
  contentPurgedAt: Date | null;
  entries: ExtractEntry[];
}

export interface LogExtract {
  /** ÅÅÅÅMMDD-NNNN, as the person asked for it. */
  personnummer: string;
  producedAt: Date;
  retentionYears: number;
  /** The oldest instant the log still holds entries from. */
  coversFrom: Date;
  operator: ExtractOperator;
  cases: ExtractCase[];
}

export type ExtractResult = { kind: 'extract'; extract: LogExtract } | { kind: 'invalid'; message: string };

export interface AuditExtractDependencies {
  repos: Pick<Repositories, 'cases' | 'meetings'>;
  audit: AuditLog;
  keyring: Pick<Keyring, 'subjectKey'>;
  clock: Clock;
}

export interface ExtractRequest {
  personnummer: string;
  operator: ExtractOperator;
  retentionYears: number;
}

/** The same rules as intake: 10 or 12 digits, with or without `-`/`+`, samordningsnummer allowed. */
export function checkExtractPersonnummer(raw: string, now: Date): { ok: true; digits: string } | { ok: false; message: string } {
  const identity = parseIdentityNumber(raw, localDateOf(now));
  if (identity.ok) return { ok: true, digits: identity.value.normalized };
  return { ok: false, message: identity.code === 'future_birth_date' ? EXTRACT_TEXTS.futureBirthDate : EXTRACT_TEXTS.invalidPersonnummer };
}

/**
 * Validates the number as intake does, finds the person's cases, logs the extract (before
 * anything is read, like every other read) and collects each case's entries — the new
 * extract entries included, so the extract shows that it was made.
 */
export async function produceLogExtract(deps: AuditExtractDependencies, request: ExtractRequest): Promise<ExtractResult> {
  const now = deps.clock.now();
  const identity = checkExtractPersonnummer(request.personnummer, now);
  if (!identity.ok) return { kind: 'invalid', message: identity.message };
  const { digits } = identity;
  const records = await deps.repos.cases.find({ subjectKey: deps.keyring.subjectKey(digits) }, { sort: { submittedAt: 1, _id: 1 } });
  await deps.audit.recordExtract(request.operator, records);
  const entries = await deps.audit.forCases(records.map((record) => record._id));
  const cases: ExtractCase[] = [];
  for (const record of records) {
    cases.push({
      reference: record.reference,
      meeting: { area: await meetingArea(deps, record), date: record.meetingDate },
      contentPurgedAt: record.purgedAt,
      entries: entries
        .filter((entry) => entry.caseId === record._id)
        .map((entry) => ({ at: entry.at, action: entry.action, actor: { name: entry.actor.name, organization: entry.actor.organization } })),
    });
  }
  return {
    kind: 'extract',
    extract: {
      personnummer: `${digits.slice(0, 8)}-${digits.slice(8)}`,
      producedAt: now,
      retentionYears: request.retentionYears,
      coversFrom: auditRetentionCutoff(now, request.retentionYears),
      operator: request.operator,
      cases,
    },
  };
}

async function meetingArea(deps: AuditExtractDependencies, record: CaseRecord): Promise<string | null> {
  return (await deps.repos.meetings.findOne({ _id: record.meetingId }))?.area ?? null;
}

/** `2026-11-22 10:15`, Swedish wall time. */
export function stockholmMinute(instant: Date): string {
  const local = toLocal(instant);
  return `${local.date} ${local.time}`;
}

function who(actor: ExtractEntry['actor']): string {
  return actor.organization ? `${actor.name}, ${actor.organization}` : actor.name;
}

export function extractAsText(extract: LogExtract): string {
  const lines = [
    EXTRACT_TEXTS.title(extract.personnummer),
    EXTRACT_TEXTS.producedAt(stockholmMinute(extract.producedAt)),
    EXTRACT_TEXTS.period(extract.retentionYears, stockholmMinute(extract.coversFrom)),
    EXTRACT_TEXTS.producedBy(extract.operator.requestedBy ?? extract.operator.account, extract.operator.account),
    '',
  ];
  if (extract.cases.length === 0) {
    lines.push(EXTRACT_TEXTS.noCases);
    return `${lines.join('\n')}\n`;
  }
  lines.push(EXTRACT_TEXTS.caseCount(extract.cases.length), EXTRACT_TEXTS.clinicalNote);
  for (const item of extract.cases) {
    lines.push('', EXTRACT_TEXTS.caseHeading(item.reference, EXTRACT_TEXTS.meeting(item.meeting.area, item.meeting.date)));
    if (item.contentPurgedAt) lines.push(`  ${EXTRACT_TEXTS.contentPurged(stockholmMinute(item.contentPurgedAt))}`);
    if (item.entries.length === 0) lines.push(`  ${EXTRACT_TEXTS.noEntries}`);
    for (const entry of item.entries) lines.push(`  ${stockholmMinute(entry.at)}  ${ACTION_NAMES[entry.action]}  ${who(entry.actor)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same extract as data: instants in UTC (ISO 8601) beside their Swedish wall time. */
export function extractAsJson(extract: LogExtract): Record<string, unknown> {
  const instant = (at: Date) => ({ utc: at.toISOString(), local: stockholmMinute(at) });
  return {
    personnummer: extract.personnummer,
    producedAt: instant(extract.producedAt),
    retentionYears: extract.retentionYears,
    coversFrom: instant(extract.coversFrom),
    producedBy: { name: extract.operator.requestedBy ?? extract.operator.account, account: extract.operator.account },
    found: extract.cases.length > 0,
    message: extract.cases.length === 0 ? EXTRACT_TEXTS.noCases : null,
    cases: extract.cases.map((item) => ({
      reference: item.reference,
      meeting: item.meeting,
      contentPurgedAt: item.contentPurgedAt ? instant(item.contentPurgedAt) : null,
      entries: item.entries.map((entry) => ({
        at: instant(entry.at),
        action: entry.action,
        actionText: ACTION_NAMES[entry.action],
        name: entry.actor.name,
        organization: entry.actor.organization,
      })),
    })),
  };
}
