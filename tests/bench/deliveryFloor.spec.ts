import assert from 'node:assert/strict';
import { deliveryFloor } from '../../bench/deliveryFloor';
import { WindowLog } from '../support/teamsLimits';

describe('bench: the floor Teams allows', () => {
  const table: { name: string; perConversation: number[]; share?: number; seconds: number; binding: RegExp }[] = [
    { name: 'one reminder to each of 6,000 chats: the global 50/s binds', perConversation: Array(6_000).fill(1), seconds: 119, binding: /^floor 119\.0 s = global/ },
    { name: 'with 5 % refused at random, counted: 6,316 requests', perConversation: Array(6_000).fill(1), share: 0.05, seconds: 126, binding: /6316 requests/ },
    { name: '100 posts to one channel: 60 per 30 s binds', perConversation: [100], seconds: 30, binding: /busiest conversation 100 at 60\/30 s \(binding/ },
    { name: 'one message: nothing to wait for', perConversation: [1], seconds: 0, binding: /^floor 0\.0 s/ },
  ];
  for (const { name, perConversation, share, seconds, binding } of table) {
    it(name, () => {
      const floor = deliveryFloor(perConversation, share);
      assert.equal(floor.seconds, seconds);
      assert.match(floor.explanation, binding);
    });
  }
});

describe("bench: the stand-in's window log", () => {
  it('counts a request in (t − window, t], as Teams does on arrival', () => {
    const log = new WindowLog([{ limit: 50, windowMs: 1_000 }]);
    for (let i = 0; i < 50; i++) log.record(i);
    assert.equal(log.waitMs(999), 1);
    assert.equal(log.waitMs(1_000), 0);
  });

  it('applies the tightest of several windows', () => {
    const log = new WindowLog([
      { limit: 7, windowMs: 1_000 },
      { limit: 8, windowMs: 2_000 },
    ]);
    for (let i = 0; i < 7; i++) log.record(0);
    log.record(1_000);
    assert.equal(log.waitMs(1_000), 1_000, 'the ninth within two seconds waits for the 2 s window');
  });
});
