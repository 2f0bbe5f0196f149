import { z } from 'zod';
import { ROLES } from '../domain/codes';
import type { RosterMember, UserRef } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';
import { cardText, fieldIssuesFrom, type FieldIssue } from '../validation/issues';
import { newId } from '../ids';

const joinSchema = z.object({
  role: z.enum(ROLES, 'required'),
  organization: z.string('required').min(1, 'required').max(200, 'too_long'),
});

export type JoinResult =
  | { kind: 'joined'; member: RosterMember; updated: boolean }
  | { kind: 'invalid'; issues: FieldIssue[]; values: { role?: string; organization?: string } };

/** What the person picked, as the join form shows it again. */
export function keptRosterValues(data: Readonly<Record<string, unknown>>): { role?: string; organization?: string } {
  const values: { role?: string; organization?: string } = {};
  const role = cardText(data.role);
  const organization = cardText(data.organization);
  if (role) values.role = role.slice(0, 50);
  if (organization) values.organization = organization.slice(0, 200);
  return values;
}

export class RosterService {
  constructor(
    private readonly roster: DocumentCollection<RosterMember>,
    private readonly clock: Clock,
  ) {}

  member(meetingId: string, userId: string): Promise<RosterMember | null> {
    return this.roster.findOne({ meetingId, userId });
  }

  /** The board knows a person by their Entra object id (the SSO token's `oid`), not their Teams user id. */
  memberByAad(meetingId: string, aadObjectId: string): Promise<RosterMember | null> {
    return this.roster.findOne({ meetingId, aadObjectId });
  }

  /** Every meeting a person is on the roster of ("Mina ärenden" spans them all). */
  membershipsOf(userId: string): Promise<RosterMember[]> {
    return this.roster.find({ userId });
  }

  members(meetingId: string): Promise<RosterMember[]> {
    return this.roster.find({ meetingId }, { sort: { name: 1 } });
  }

  async join(meetingId: string, actor: UserRef, data: Readonly<Record<string, unknown>>): Promise<JoinResult> {
    const input = { role: cardText(data.role), organization: cardText(data.organization) };
    const parsed = joinSchema.safeParse(input);
    if (!parsed.success) return { kind: 'invalid', issues: fieldIssuesFrom(parsed.error), values: keptRosterValues(data) };
    const now = this.clock.now();
    const existing = await this.member(meetingId, actor.id);
    const member: RosterMember = {
      _id: existing?._id ?? newId(),
      meetingId,
      userId: actor.id,
      aadObjectId: actor.aadObjectId,
      name: actor.name,
      role: parsed.data.role,
      organization: parsed.data.organization,
      joinedAt: existing?.joinedAt ?? now,
      updatedAt: now,
    };
    await this.roster.replaceOne(member);
    return { kind: 'joined', member, updated: existing !== null };
  }
}
