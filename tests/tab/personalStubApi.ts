// A stand-in for the /api/personal routes with the contract's shapes (notes: issue18-contract),
// so the page can be checked in a browser on its own: every state, every theme, every refusal.
// The real server is exercised by tests/e2e/personalTabBrowser.e2e.spec.ts.
import restify from 'restify';
import { registerStaticTab } from '../../bot/board/staticTab';

const LABELS = {
  roles: { hc_nurse: 'Distriktssköterska', social_worker: 'Socialsekreterare', manager: 'Chef/MLA/MAS/MAR' },
  caseStatuses: { submitted: 'Anmält – väntar på mötet', discussed: 'Behandlat på mötet', follow_up: 'Uppföljning', closed: 'Avslutat', withdrawn: 'Återkallat' },
  agendaItems: { risk: '2. Identifierade riskindivider', ongoing: '3. Avstämning av pågående ärenden', sip: '4. Behov av SIP', discharge: '5. Utskrivningsklara' },
  urgencies: { urgent: 'Skyndsamt', next_day: 'Nästa dag', next_weekday: 'Nästa vardag', as_needed: 'Vid behov' },
};

const ref = (caseId: string, reference: string, meetingId = 'm1', status = 'discussed') => ({ caseId, reference, meetingId, initials: 'A.L.', birthYear: 1912, status });

export function myWorkFixture(withAck = true) {
  return {
    today: '2026-12-05',
    acks: withAck ? [{ ackId: 'ack-1', case: ref('c1', '2026-0007'), ack: { role: 'social_worker', dueAt: '2026-12-02T11:00:00.000Z', assigneeUserId: null }, overdue: true }] : [],
    responsible: [{ case: ref('c1', '2026-0007', 'm1', 'follow_up'), meetingDate: '2026-11-24', followUpDate: '2026-12-01', overdue: true }],
    sip: [{ case: ref('c2', '2026-0008', 'm2'), meetingDate: '2026-12-01', summonsDue: '2026-12-04', overdue: true }],
    submitted: [{ case: ref('c3', '2026-0009', 'm2', 'submitted'), meetingDate: '2026-12-08', submittedAt: '2026-12-03T09:00:00.000Z' }],
  };
}

const indicators = (scale: number) => ({
  meetings: { planned: 48 * scale, held: 47 * scale },
  cases: { total: 30 * scale, byAgendaPoint: { risk: 10 * scale, ongoing: 8 * scale, sip: 7 * scale, discharge: 5 * scale }, byUrgency: { urgent: 3 * scale, next_day: 5 * scale, next_weekday: 12 * scale, as_needed: 10 * scale }, lateSubmissions: 2 * scale, carriedOver: 1 * scale },
  acknowledgements: { onTime: 40 * scale, late: 5 * scale, missing: 1 * scale, open: 2, onTimeShare: 40 / 46 },
  escalations: { total: 2 * scale, acknowledged: 1 * scale, medianHoursToAcknowledgement: 26.5 },
  discharge: { cases: 5 * scale, sipSummonsInTime: 4 * scale, takenUpAfterPaymentResponsibility: 1 * scale },
});

export function followupFixture(from: string, to: string, meetingId: string | null) {
  const meetings = [
    { meetingId: 'm1', title: 'Norrmalm, tisdagar kl. 13:00', area: 'Norrmalm', tooSmall: false },
    { meetingId: 'm2', title: 'Söder, torsdagar kl. 10:00', area: 'Söder', tooSmall: true },
  ].filter((meeting) => meetingId === null || meeting.meetingId === meetingId);
  const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((month, index) => ({
    month: `2026-${month}`, casesTotal: 2 + (index % 4), acksOnTime: 3 + (index % 3), acksLate: index % 2, acksMissing: index === 10 ? 1 : 0, escalations: index === 11 ? 2 : 0,
  }));
  return {
    period: { from, to },
    generatedAt: '2026-12-05T09:00:00.000Z',
    meetings,
    openEscalations: meetings.some((meeting) => meeting.meetingId === 'm1')
      ? [
        { ackId: 'esc-1', caseId: 'c1', reference: '2026-0007', initials: 'A.L.', birthYear: 1912, meetingId: 'm1', meetingTitle: 'Norrmalm, tisdagar kl. 13:00', since: '2026-11-24T13:30:00.000Z', escalatedBy: 'Rita Region', reason: null },
        { ackId: 'esc-2', caseId: 'c4', reference: '2026-0011', initials: 'B.E.', birthYear: 1940, meetingId: 'm1', meetingTitle: 'Norrmalm, tisdagar kl. 13:00', since: '2026-12-01T13:30:00.000Z', escalatedBy: 'Mona Kommun', reason: null },
      ]
      : [],
    byMeeting: meetings.map((meeting, index) => ({ meetingId: meeting.meetingId, indicators: indicators(index + 1) })),
    byOrganisation: [
      { organisation: 'Socialtjänsten', indicators: { cases: { received: 12 }, acknowledgements: indicators(1).acknowledgements } },
      { organisation: 'Hälsocentralen Norrmalm', indicators: { cases: { received: 9 }, acknowledgements: indicators(1).acknowledgements } },
    ],
    total: indicators(3),
    trend: months,
    rows: [],
    labels: { ...LABELS, tooSmall: 'för få ärenden för jämförelse' },
  };
}

export const CASE_VIEW = {
  caseId: 'c1',
  reference: '2026-0007',
  masked: { initials: 'A.L.', birthYear: 1912 },
  status: 'follow_up',
  agendaItem: 'risk',
  urgency: 'urgent',
  meetingId: 'm1',
  meetingTitle: 'Norrmalm, tisdagar kl. 13:00',
  meetingDate: '2026-11-24',
  readyForDischargeAt: null,
  submittedBy: { name: 'Rita Region', profession: 'Distriktssköterska' },
  submittedAt: '2026-11-22T09:00:00.000Z',
  sbar: {
    patientName: 'Anna Lindqvist', personnummer: '191212121212', relativeContact: 'Dottern, 070-1234567', careUnit: 'Hemsjukvården Norrmalm',
    responsiblePhysician: 'Dr Berg', situation: 'Tre besök på akuten.', background: 'Bor ensam.', assessment: 'Risk för fall.', recommendation: 'Hembesök.', frequency: 'Dagligen', physicianOrder: 'Ingen',
  },
  decisions: [{
    meetingDate: '2026-11-24', actions: 'Hembesök av distriktssköterska.', responsibleName: 'Mona Kommun', followUpDate: '2026-12-01', sipNeeded: false, sipCoordinatorName: null,
    sipSummonsDue: null, escalated: true, escalationReason: 'Resurser saknas.', decidedBy: 'Rita Region', decidedAt: '2026-11-24T12:30:00.000Z',
  }],
  acknowledgements: [
    { ackId: 'ack-1', role: 'social_worker', status: 'open', dueAt: '2026-12-02T11:00:00.000Z', confirmedBy: null, confirmedAt: null, mayConfirm: true },
    { ackId: 'esc-1', role: 'manager', status: 'confirmed', dueAt: '2026-11-25T11:00:00.000Z', confirmedBy: 'Maria Chef', confirmedAt: '2026-11-25T08:00:00.000Z', mayConfirm: false },
  ],
  events: [{ action: 'case.create', at: '2026-11-22T09:00:00.000Z', byName: 'Rita Region' }],
  labels: LABELS,
};

const ME: Record<string, object> = {
  manager: {
    development: true, user: { name: 'Maria Chef' }, onAnyRoster: true, isManager: true,
    managedMeetings: [{ meetingId: 'm1', title: 'Norrmalm, tisdagar kl. 13:00', area: 'Norrmalm', weekdayLabel: 'Tisdag', time: '13:00' }, { meetingId: 'm2', title: 'Söder, torsdagar kl. 10:00', area: 'Söder', weekdayLabel: 'Torsdag', time: '10:00' }],
  },
  participant: { development: true, user: { name: 'Mona Kommun' }, onAnyRoster: true, isManager: false, managedMeetings: [] },
  outsider: { development: true, user: { name: null }, onAnyRoster: false, isManager: false, managedMeetings: [] },
};

export interface StubApi {
  url: string;
  /** Requests the stand-in answered, as "METHOD path?query". */
  calls: string[];
  /** Every kvittens open again. */
  reset(): void;
  close(): Promise<void>;
}

export async function startStubApi(): Promise<StubApi> {
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  const calls: string[] = [];
  const confirmed = new Set<string>();
  // In Teams the page sends its SSO token; the stand-in's tokens are simply the person's key.
  const who = (req: restify.Request) => String(req.header('x-samordna-dev-user') ?? '') || String(req.header('authorization') ?? '').replace(/^Bearer /, '');
  server.pre((req, _res, next) => {
    if (req.url?.startsWith('/api/')) calls.push(`${req.method} ${req.url}`);
    next();
  });
  const refuseUnknown = (req: restify.Request, res: restify.Response): boolean => {
    if (ME[who(req)]) return false;
    res.send(401, { error: 'Din inloggning har gått ut. Ladda om fliken.' });
    return true;
  };

  server.get('/api/personal/me', async (req, res) => {
    if (refuseUnknown(req, res)) return;
    res.send(200, { ...ME[who(req)], labels: LABELS });
  });
  server.get('/api/personal/mycases', async (req, res) => {
    if (refuseUnknown(req, res)) return;
    if (who(req) === 'outsider') { res.send(200, { mine: { today: '2026-12-05', acks: [], responsible: [], submitted: [], sip: [] }, meetings: {}, labels: LABELS }); return; }
    res.send(200, { mine: myWorkFixture(!confirmed.has('ack-1')), meetings: { m1: 'Norrmalm, tisdagar kl. 13:00', m2: 'Söder, torsdagar kl. 10:00' }, labels: LABELS });
  });
  server.post('/api/personal/acks/:ackId/confirm', async (req, res) => {
    if (refuseUnknown(req, res)) return;
    const ackId = String(req.params.ackId);
    if (confirmed.has(ackId)) { res.send(409, { error: 'Redan kvitterad av Mona Kommun kl. 10:12.' }); return; }
    confirmed.add(ackId);
    res.send(200, { notice: 'Kvitterat. Tack!', mine: myWorkFixture(!confirmed.has('ack-1')) });
  });
  server.get('/api/personal/cases/:caseId', async (req, res) => {
    if (refuseUnknown(req, res)) return;
    if (req.params.caseId !== 'c1') { res.send(403, { error: 'Du finns inte med i ärendets mötes deltagarlista.' }); return; }
    res.send(200, CASE_VIEW);
  });
  const followup = (csv: boolean) => async (req: restify.Request, res: restify.Response) => {
    if (refuseUnknown(req, res)) return;
    if (who(req) !== 'manager') { res.send(403, { error: 'Uppföljningen visas för chefer på mötenas deltagarlistor.' }); return; }
    const query = new URL(req.url ?? '', 'http://x').searchParams;
    const from = query.get('from') ?? '2026-01-01';
    const to = query.get('to') ?? '2026-12-05';
    if (from > to) { res.send(400, { error: 'Från-datumet måste vara samma dag som eller före till-datumet.' }); return; }
    const view = followupFixture(from, to, query.get('meetingId'));
    if (!csv) { res.send(200, view); return; }
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="samordna-uppfoljning-${from}-${to}.csv"`);
    res.sendRaw(200, '\uFEFFmöte;mottagande organisation;avsnitt;mått;värde\r\n');
  };
  server.get('/api/personal/followup', followup(false));
  server.get('/api/personal/followup.csv', followup(true));
  registerStaticTab(server);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, calls, reset: () => confirmed.clear(), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
