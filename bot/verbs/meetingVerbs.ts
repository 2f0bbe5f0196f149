import {
  cutoffLabel,
  issueMessages,
  meetingBelongsToChannelCard,
  meetingChangeNotAllowedCard,
  meetingSavedCard,
  meetingSetupFormCard,
  meetingTimeLabel,
  scheduleLabel,
  type MeetingSetupField,
} from '../../cards';
import { settingsOf } from '../../services/meetings/meetingSettings';
import { formatAreaSlots } from '../../services/meetings/areaSlots';
import { keptSetupValues } from '../../services/meetings/meetingService';
import type { Meeting } from '../../services/domain/records';
import { nextMeeting } from '../../services/time/meetingCalendar';
import { keepFormWhenNotSaved } from './unsavedForm';
import type { VerbHandler, VerbReply, VerbRequest } from './verb';

/** The form shows what is configured now, so changing one setting keeps the others. */
function setupValuesOf(meeting: Meeting): Partial<Record<MeetingSetupField, string>> {
  return {
    area: meeting.area,
    weekday: String(meeting.schedule.weekday),
    time: meeting.schedule.time,
    durationMinutes: String(meeting.schedule.durationMinutes),
    cutoffTime: meeting.schedule.cutoffTime,
    ...Object.fromEntries(Object.entries(settingsOf(meeting)).map(([field, value]) => [field, String(value)])),
    areaSlots: formatAreaSlots(settingsOf(meeting).areaSlots),
  };
}

function personalChatRefusal(): VerbReply {
  return { card: meetingBelongsToChannelCard() };
}

export const openMeetingForm: VerbHandler = async (request) => {
  if (request.place.kind === 'personal') return personalChatRefusal();
  const meeting = await request.services.meetings.forConversation(request.place.conversationKey);
  return { card: meetingSetupFormCard({ values: meeting ? setupValuesOf(meeting) : {}, issues: {} }) };
};

export function meetingSavedReply(request: VerbRequest, meeting: Meeting): VerbReply {
  const next = nextMeeting(meeting, request.services.clock.now());
  return {
    card: meetingSavedCard({
      area: meeting.area,
      scheduleLabel: scheduleLabel(meeting.schedule),
      cutoffLabel: cutoffLabel(meeting.schedule),
      nextMeetingLabel: meetingTimeLabel(next.date, meeting.schedule.time),
    }),
  };
}

export const setupMeeting: VerbHandler = async (request) => {
  if (request.place.kind === 'personal') return personalChatRefusal();
  return keepFormWhenNotSaved('meeting', () => setUp(request), () => ({ card: meetingSetupFormCard({ values: keptSetupValues(request.data), issues: {} }) }));
};

async function setUp(request: VerbRequest): Promise<VerbReply> {
  const result = await request.services.meetings.setup(
    { conversationKey: request.place.conversationKey, tenantId: request.place.tenantId },
    request.actor,
    request.data,
  );
  switch (result.kind) {
    case 'invalid':
      return { card: meetingSetupFormCard({ values: keptSetupValues(request.data), issues: issueMessages(result.issues) }) };
    case 'not_allowed':
      return { card: meetingChangeNotAllowedCard() };
    case 'saved':
      return meetingSavedReply(request, result.meeting);
  }
}
