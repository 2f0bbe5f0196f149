import { ackConfirmedCard, ackNotFoundCard, ackNotYourRoleCard, alreadyAcknowledgedCard, formatInstant, MY_CASES_TEXTS, privateViewOnlyCard, roleLabel } from '../../cards';
import { myCasesFor } from './myCasesVerbs';
import { idFrom } from './meetingContext';
import { caseCardFor } from '../noticeRenderer';
import type { VerbHandler } from './verb';

/**
 * Pressed in the channel's case card, the answer is that card with the new state (Universal
 * Actions show it to the presser; the outbox updates it for everyone); in "Mina ärenden", the list
 * without it. Pressed in a reminder or the private case view, the answer confirms the
 * acknowledgement and leads back to the case.
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
      if (request.data.view === 'mine') {
        return { card: await myCasesFor(request.services, request.actor, MY_CASES_TEXTS.acknowledged(result.ack.caseReference)), containsPatientData: true, sharedConversationCard: privateViewOnlyCard() };
      }
      return {
        card: ackConfirmedCard({
          caseId: result.ack.caseId,
          reference: result.ack.caseReference,
          roleLabel: roleLabel(result.ack.role),
          confirmedAtLabel: formatInstant(result.ack.confirmedAt!),
          late: result.late,
        }),
      };
    }
  }
};
