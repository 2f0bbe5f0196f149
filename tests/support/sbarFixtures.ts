/** A complete, valid SBAR form as Teams would send it (all strings). */
export function validSbar(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    patientName: 'Astrid Lindqvist',
    personnummer: '19121212-1212',
    relativeContact: 'Dottern Karin, 070-123 45 67',
    careUnit: 'Hälsocentralen Norrmalm',
    responsiblePhysician: 'Dr Berg',
    medicationListCurrent: 'true',
    sampleReferral: 'false',
    consent: 'true',
    transferDate: '2026-11-20',
    submitterProfession: 'Distriktssköterska',
    situation: 'Tre besök på akuten senaste månaden på grund av yrsel och fall.',
    background: 'Multisjuk, bor ensam, hemtjänst två gånger dagligen.',
    assessment: 'Ökande fallrisk, nedsatt aptit, CFS 6.',
    recommendation: 'Samordnad bedömning av hemsjukvård och hemtjänst; överväg SIP.',
    frequency: 'Dagligen i två veckor',
    physicianOrder: '',
    urgency: 'next_weekday',
    agendaItem: 'risk',
    riskGroups: 'frequent_visitor,frail_elderly',
    cfs: '6',
    recipients: 'home_health_nurse,home_care',
    readyForDischargeAt: '',
    ...overrides,
  };
}

/** Strings that must never appear in the channel or on disk in plaintext. */
export const SECRET_STRINGS = [
  'Astrid Lindqvist',
  'Lindqvist',
  // The test personnummer in every way it can be written.
  '19121212-1212',
  '19121212+1212',
  '191212121212',
  '121212-1212',
  '121212+1212',
  '1212121212',
  'Tre besök på akuten',
  'bor ensam',
  'Ökande fallrisk',
  'Samordnad bedömning',
  'Dottern Karin',
];
