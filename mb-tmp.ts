import { serviceFixture, meetingWithNurse, nurse } from './tests/support/serviceFixture';
import { validSbar } from './tests/support/sbarFixtures';
(async () => {
  const f = await serviceFixture();
  const { meeting, member } = await meetingWithNurse(f.services);
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await f.services.cases.submit(meeting, member, nurse, validSbar());
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log('submit p50', times[150]!.toFixed(2), 'p99', times[297]!.toFixed(2));
  const c = f.services.repos.audit;
  const t2: number[] = [];
  for (let i = 0; i < 300; i++) { const t = performance.now(); await c.insertOne({ _id: 'x' + i, at: new Date(), action: 'case.read', actor: { userId: 'u', name: 'n', organization: null }, meetingId: 'm', caseId: 'c', caseReference: 'r' }); t2.push(performance.now() - t); }
  t2.sort((a, b) => a - b);
  console.log('insert p50', t2[150]!.toFixed(2));
  await f.dispose();
})();
