// One realistic input per builder, so the invariants can be checked for all of them at once.
import { caseChannelCard, caseConfirmationCard, caseWithdrawnCard } from '../../cards/caseCards';
import { meetingSavedCard, meetingSetupFormCard } from '../../cards/meetingCards';
import {
  caseNotFoundCard,
  meetingNotSetUpCard,
  messageCard,
  notAllowedCard,
  notOnRosterCard,
  somethingWentWrongCard,
} from '../../cards/messageCard';
import type { AdaptiveCard } from '../../cards/render';
import { rosterJoinedCard, rosterJoinFormCard } from '../../cards/rosterCards';
import { consentRequiredCard, sbarFormCard } from '../../cards/sbarFormCards';
import { issueText } from '../../cards/texts.sv';
import { helpCard, welcomeCard } from '../../cards/welcomeCards';

export const sbarInput = () => ({
  meetingId: 'meeting-1',
  area: 'Skellefteå centrum',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  cutoffLabel: 'måndag 23 november 2026 kl. 23:59',
  submitterName: 'Åsa Öberg',
  values: {},
  issues: {},
});

export const channelInput = () => ({
  caseId: 'case-1',
  reference: 'SA-K7QX4',
  area: 'Skellefteå centrum',
  agendaItem: 'discharge' as const,
  urgency: 'next_weekday' as const,
  initials: 'A.E.',
  birthYear: 1942,
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  recipients: ['home_health_nurse', 'social_worker'] as const,
  status: 'submitted' as const,
});

export function everyCard(): Record<string, AdaptiveCard> {
  return {
    welcomeWithoutMeeting: welcomeCard({ meeting: null }),
    welcomeWithMeeting: welcomeCard({ meeting: { area: 'Norsjö', scheduleLabel: 'varje tisdag kl. 13:00–14:00' } }),
    help: helpCard(),
    meetingSetupFormEmpty: meetingSetupFormCard({ values: {}, issues: {} }),
    meetingSetupFormRejected: meetingSetupFormCard({
      values: { area: 'Norsjö', weekday: '9', time: '25:00', durationMinutes: '5', cutoffTime: '23:59' },
      issues: { weekday: issueText('invalid_choice'), durationMinutes: issueText('out_of_range', { min: 15, max: 480 }) },
    }),
    meetingSaved: meetingSavedCard({
      area: 'Norsjö',
      scheduleLabel: 'varje tisdag kl. 13:00–14:00',
      cutoffLabel: 'måndag kl. 23:59, dagen före mötet',
      nextMeetingLabel: 'tisdag 24 november 2026 kl. 13:00',
    }),
    rosterJoinForm: rosterJoinFormCard({ area: 'Norsjö', values: {}, issues: {} }),
    rosterJoinFormWithMeeting: rosterJoinFormCard({ meetingId: 'meeting-1', area: 'Norsjö', values: { role: 'rehab' }, issues: { organization: issueText('required') } }),
    rosterJoined: rosterJoinedCard({ name: 'Åsa Öberg', roleLabel: 'Socialsekreterare', organization: 'Socialtjänsten Norsjö', area: 'Norsjö' }),
    sbarFormEmpty: sbarFormCard(sbarInput()),
    sbarFormRejected: sbarFormCard({
      ...sbarInput(),
      values: { patientName: 'Test Testsson', situation: 'Faller ofta.' },
      issues: { personnummer: issueText('required'), consent: issueText('consent_required') },
    }),
    consentRequired: consentRequiredCard({ meetingId: 'meeting-1' }),
    caseChannelSubmitted: caseChannelCard(channelInput()),
    caseChannelWithdrawn: caseChannelCard({ ...channelInput(), status: 'withdrawn' }),
    caseConfirmation: caseConfirmationCard({
      caseId: 'case-1',
      reference: 'SA-K7QX4',
      meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
      agendaLabel: '5. Samordning vid utskrivning',
      urgencyLabel: 'Nästa vardag',
      initials: 'A.E.',
      birthYear: 1942,
    }),
    caseWithdrawn: caseWithdrawnCard({ reference: 'SA-K7QX4' }),
    message: messageCard({
      title: 'Du är inte med i deltagarlistan',
      lines: ['Gå med först.'],
      tone: 'attention',
      actions: [{ title: 'Gå med i deltagarlistan', verb: 'roster.form', data: { meetingId: 'meeting-1' } }],
    }),
    messageWithoutActions: messageCard({ title: 'Klart', lines: [], tone: 'good' }),
    meetingNotSetUp: meetingNotSetUpCard(),
    meetingNotSetUpInPersonalChat: meetingNotSetUpCard({ inPersonalChat: true }),
    notOnRoster: notOnRosterCard(),
    notOnRosterWithMeeting: notOnRosterCard('meeting-1'),
    caseNotFound: caseNotFoundCard(),
    notAllowed: notAllowedCard('Bara mötesledaren kan starta mötet.'),
    somethingWentWrong: somethingWentWrongCard(),
  };
}
