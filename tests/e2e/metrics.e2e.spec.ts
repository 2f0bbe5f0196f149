import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../services/config';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { withCheckDigit } from '../support/identityNumbers';
import { setUpMeeting } from '../support/meetingSetup';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { startTestBot, type TestBot } from '../support/testBot';
import { CHANNEL_ID, TENANT_ID, teamsUser } from '../support/teamsActivities';

/** `name{labels} value` lines of a scrape, without comments. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `a Prometheus sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const pair of (match[2] ?? '').match(/[a-zA-Z_]+="(?:[^"\\]|\\.)*"/g) ?? []) {
        const [key, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 2, -1)];
        labels[key] = value;
      }
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** Prometheus' metrics of the server (issue 17, item 3): named as the contract says, and never a person's data. */
describe('e2e: /metrics', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  const karin = teamsUser('Karin Nilsson');
  const maria = teamsUser('Maria Chef');
  const mona = teamsUser('Mona Kommun');
  const TUESDAY = '2026-11-24';

  const scrape = async () => {
    const answer = await fetch(bot.runtime.metricsUrl!);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return answer.text();
  };
  const value = (text: string, name: string, labels: Record<string, string> = {}) =>
    samples(text).find((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))?.value;

  before(async () => {
    clock = new ManualClock(zonedInstant('2026-11-20', '10:00'));
    bot = await startTestBot({ clock, env: { METRICS_PORT: '0', INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
    meetingId = await setUpMeeting(bot, clock, karin, [[karin, 'hc_nurse'], [mona, 'social_worker'], [maria, 'manager']]);
    await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    await bot.press(mona, 'case.submit', validSbar({ meetingId, patientName: 'Bertil Sandström', personnummer: `19${withCheckDigit('450315123')}` }));
    await bot.press(karin, 'no.such.verb', {});
    await bot.settle();
  });
  after(() => bot.stop());

  it('listens on a port of its own on 127.0.0.1, never on the public port', async () => {
    assert.match(bot.runtime.metricsUrl!, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.notEqual(new URL(bot.runtime.metricsUrl!).port, String(bot.runtime.port));
    assert.equal((await fetch(`${bot.runtime.url}/metrics`)).status, 404);
    assert.equal((await fetch(bot.runtime.metricsUrl!.replace('/metrics', '/'))).status, 404);
  });

  it('has every name the dashboards and alert rules rely on, from the start', async () => {
    const names = new Set(samples(await scrape()).map((sample) => sample.name));
    for (const name of [
      'process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes',
      'samordna_invoke_duration_seconds_bucket', 'samordna_invoke_duration_seconds_count', 'samordna_invoke_duration_seconds_sum',
      'samordna_outbox_pending', 'samordna_outbox_oldest_pending_seconds', 'samordna_outbox_dead_letters', 'samordna_outbox_sent_total',
      'samordna_scheduler_lag_seconds', 'samordna_scheduler_failed_runs', 'samordna_scheduler_last_tick_timestamp_seconds',
      'samordna_kvittens_overdue', 'samordna_escalations_unacknowledged',
      'samordna_store_bytes', 'samordna_store_write_errors_total', 'samordna_store_writable', 'samordna_data_dir_free_bytes',
    ]) {
      assert.ok(names.has(name), name);
    }
  });

  it('counts card actions by verb (an unknown verb as "other") and what the outbox sent', async () => {
    const text = await scrape();
    assert.equal(value(text, 'samordna_invoke_duration_seconds_count', { verb: 'case.submit' }), 2);
    assert.equal(value(text, 'samordna_invoke_duration_seconds_count', { verb: 'roster.join' }), 3);
    assert.equal(value(text, 'samordna_invoke_duration_seconds_count', { verb: 'other' }), 1);
    assert.equal(value(text, 'samordna_invoke_duration_seconds_count', { verb: 'no.such.verb' }), undefined);
    // The two case cards in the channel (the welcome is a reply within its turn, not an outbox post).
    assert.equal(value(text, 'samordna_outbox_sent_total', { result: 'sent' }), 2);
    assert.equal(value(text, 'samordna_outbox_pending'), 0);
    assert.equal(value(text, 'samordna_store_writable'), 1);
    assert.ok(value(text, 'samordna_store_bytes', { file: 'database' })! > 0);
  });

  it('shows overdue kvittenser, unacknowledged escalations, waiting and dead messages, and a late job', async () => {
    // The two cases' kvittenser fall due at 12:00 the next day; a refused post becomes a dead letter.
    clock.set(zonedInstant('2026-11-23', '12:30'));
    bot.connector.respond = (call) => (call.method === 'POST' ? { status: 403 } : null);
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    bot.connector.respond = () => null;
    let text = await scrape();
    assert.ok(value(text, 'samordna_kvittens_overdue')! >= 2);
    assert.ok(value(text, 'samordna_outbox_dead_letters')! >= 1);
    assert.ok(value(text, 'samordna_scheduler_last_run_timestamp_seconds', { job: 'ack-deadline' })! > 0);

    // The meeting escalates a case: one escalation no manager has acknowledged.
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
    await bot.press(karin, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    const [record] = await bot.runtime.services.repos.cases.find({ submittedBy: { $exists: true } }, { sort: { submittedAt: 1 }, limit: 1 });
    await bot.press(karin, 'case.decide', {
      meetingId, meetingDate: TUESDAY, caseId: record!._id, actions: 'Hembesök.', responsible: mona.id, followUpDate: '2026-12-08', escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    text = await scrape();
    assert.equal(value(text, 'samordna_escalations_unacknowledged'), 1);

    // A message that has waited: the connector does not answer, and time passes.
    bot.connector.respond = () => ({ status: 503, headers: { 'retry-after': '3600' } });
    await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    clock.advance(20 * 60_000);
    text = await scrape();
    assert.ok(value(text, 'samordna_outbox_pending')! >= 1);
    assert.ok(value(text, 'samordna_outbox_oldest_pending_seconds')! >= 20 * 60);
    // No tick since 13:00 on the meeting day: the 14:00-or-later runs of the day wait for one.
    clock.set(zonedInstant(TUESDAY, '23:00'));
    text = await scrape();
    assert.ok(samples(text).some((sample) => sample.name === 'samordna_scheduler_lag_seconds' && sample.value > 0), 'a run due and not run shows its lag');
    bot.connector.respond = () => null;
  });

  it('holds no name, personnummer, case text, user, conversation, tenant or case id in any label', async () => {
    const text = await scrape();
    const cases = await bot.runtime.services.repos.cases.find({});
    const forbidden = [
      ...SECRET_STRINGS, 'Bertil', 'Sandström', karin.name, karin.id, karin.aadObjectId, maria.id, mona.id, CHANNEL_ID, TENANT_ID, meetingId,
      ...cases.flatMap((record) => [record._id, record.reference]),
    ];
    for (const secret of forbidden) assert.equal(text.includes(secret), false, `${secret} in /metrics`);
    // Samordna's own labels take values from fixed sets only (the default process metrics carry Node's version and heap spaces).
    const labelValues = new Set(samples(text).filter((sample) => sample.name.startsWith('samordna_')).flatMap((sample) => Object.entries(sample.labels).filter(([key]) => key !== 'le').map(([, v]) => v)));
    const allowed = /^(?:[a-z]+\.[a-z]+|other|sent|retry|dead|dropped|disk_full|read_only|io_error|busy|unavailable|database|wal|agenda|submission-reminder|ack-reminder|ack-deadline|follow-up|retention|holiday-notice)$/;
    for (const label of labelValues) assert.match(label, allowed, `label value ${label}`);
  });

  it('refuses a metrics port equal to the public port, and a host that is not one', () => {
    assert.throws(() => loadConfig({ PORT: '3978', METRICS_PORT: '3978' }), (error: unknown) => error instanceof ConfigError && /METRICS_PORT must differ from PORT/.test(error.message));
    assert.throws(() => loadConfig({ METRICS_PORT: '9464', METRICS_HOST: 'http://x' }), /METRICS_HOST must be an IP address or a host name/);
    assert.deepEqual(loadConfig({ METRICS_PORT: '9464' }).metrics, { port: 9464, host: '127.0.0.1' });
    assert.equal(loadConfig({}).metrics, null);
  });
});
