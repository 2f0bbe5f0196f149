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
    if (!parsed.success) {
      const values: { role?: string; organization?: string } = {};
      if (input.role) values.role = input.role.slice(0, 50);
      if (input.organization) values.organization = input.organization.slice(0, 200);
      return { kind: 'invalid', issues: fieldIssuesFrom(parsed.error), values };
    }
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
