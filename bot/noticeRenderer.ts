import { CardFactory, type Activity } from 'botbuilder';
import { caseChannelCard, meetingTimeLabel } from '../cards';
import type { AdaptiveCard } from '../cards/render';
import type { Services } from '../services/app';
import type { Notice } from '../services/domain/records';
import type { Activity as PlainActivity } from '../services/outbox/transport';
import type { NoticeRenderer } from './connectorTransport';

export function cardActivity(card: AdaptiveCard, summary?: string): Partial<Activity> {
  const activity: Partial<Activity> = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
  if (summary) activity.summary = summary;
  return activity;
}

/** Renders outbox notices from the current state: the channel only ever gets the masked view. */
export function createNoticeRenderer(services: Services): NoticeRenderer {
  return async (notice: Notice): Promise<PlainActivity | null> => {
    switch (notice.type) {
      case 'case.card': {
        const record = await services.cases.byId(notice.caseId);
        if (!record) return null;
        const meeting = await services.meetings.byId(record.meetingId);
        if (!meeting) return null;
        const card = caseChannelCard({
          caseId: record._id,
          reference: record.reference,
          area: meeting.area,
          agendaItem: record.agendaItem,
          urgency: record.urgency,
          initials: record.masked.initials,
          birthYear: record.masked.birthYear,
          meetingLabel: meetingTimeLabel(record.meetingDate, meeting.schedule.time),
          recipients: record.recipients,
          status: record.status,
        });
        return cardActivity(card, `Nytt ärende ${record.reference}`) as PlainActivity;
      }
    }
  };
}
