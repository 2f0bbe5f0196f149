import { ackConfirmedCard, ackNotFoundCard, ackNotYourRoleCard, alreadyAcknowledgedCard, formatInstant, roleLabel } from '../../cards';
import { idFrom } from './meetingContext';
import { caseCardFor } from '../noticeRenderer';
import type { VerbHandler } from './verb';

/**
 * Pressed in the channel's case card, the answer is that card with the new state (Universal
 * Actions show it to the presser; the outbox updates it for everyone). Pressed in a reminder,
 * the answer confirms the acknowledgement.
 */
export const confirmAck: VerbHandler = async (request) => {
  const ackId = idFrom(request.data, 'ackId');
  const ack = ackId ? await request.services.acks.byId(ackId) : null;
  if (!ack) return { card: ackNotFoundCard() };
  const member = await request.services.roster.member(ack.meetingId, request.actor.id);
  const result = await request.services.acks.confirm(ack._id, request.actor, member);
  switch (result.kind) {
    case 'not_found':
      return { card: ackNotFoundCard() };
    case 'not_your_role':
      return { card: ackNotYourRoleCard(roleLabel(result.ack.role)) };
    case 'already_confirmed':
      return {
        card: alreadyAcknowledgedCard({
          roleLabel: roleLabel(result.ack.role),
          byName: result.ack.confirmedBy?.name ?? '',
          atLabel: result.ack.confirmedAt ? formatInstant(result.ack.confirmedAt) : '',
        }),
      };
    case 'confirmed': {
      if (request.data.view === 'case') {
        const card = await caseCardFor(request.services, result.ack.caseId);
        if (card) return { card };
      }
      return {
        card: ackConfirmedCard({
          reference: result.ack.caseReference,
          roleLabel: roleLabel(result.ack.role),
          confirmedAtLabel: formatInstant(result.ack.confirmedAt!),
          late: result.late,
        }),
      };
    }
  }
};
