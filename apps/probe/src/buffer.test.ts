import { randomUUID } from 'node:crypto';
import type { CheckResult } from '@vantage/domain';
import { describe, expect, it } from 'vitest';
import { type ResultBatch, ResultBuffer, type ResultBufferOptions } from './buffer.ts';
import { FakeClock, okOutcome } from './test-support.ts';

function result(index: number): CheckResult {
  return {
    ...okOutcome(),
    resultId: randomUUID(),
    monitorId: `monitor-${index}`,
    region: 'eu-west',
    probeId: 'probe-1',
    startedAt: new Date(Date.UTC(2026, 0, 1) + index),
    checkRequestId: null,
  };
}

function setup(options: Partial<ResultBufferOptions> = {}) {
  const clock = new FakeClock();
  const sent: ResultBatch[] = [];
  const buffer = new ResultBuffer({ onBatch: (batch) => sent.push(batch), timers: clock.timers, ...options });
  const add = (from: number, to: number) => {
    for (let index = from; index < to; index += 1) buffer.add(result(index));
  };
  return { clock, sent, buffer, add };
}

describe('ResultBuffer batching', () => {
  it('seals a batch at 500 results', () => {
    const { sent, add } = setup();
    add(0, 1200);
    expect(sent.map((batch) => batch.results.length)).toEqual([500, 500]);
    expect(sent[1]?.results[0]?.monitorId).toBe('monitor-500');
  });

  it('seals a partial batch after one second', async () => {
    const { clock, sent, add, buffer } = setup();
    add(0, 3);
    await clock.advance(999);
    expect(sent).toHaveLength(0);
    await clock.advance(1);
    expect(sent.map((batch) => batch.results.length)).toEqual([3]);
    expect(buffer.stats()).toMatchObject({ pendingResults: 0, unackedBatches: 1, unackedResults: 3 });
  });
});

describe('ResultBuffer acknowledgements', () => {
  it('keeps unacknowledged batches in order and forgets acknowledged ones', () => {
    const { sent, add, buffer } = setup({ batchMaxResults: 10 });
    add(0, 30);
    expect(buffer.ack(sent[1]!.batchId)).toBe(true);
    expect(buffer.ack(sent[1]!.batchId)).toBe(false);
    expect(buffer.ack('unknown')).toBe(false);
    expect(buffer.unacked().map((batch) => batch.batchId)).toEqual([sent[0]!.batchId, sent[2]!.batchId]);
    expect(buffer.stats()).toMatchObject({ unackedBatches: 2, unackedResults: 20, droppedResults: 0 });
  });

  it('drops the oldest batches beyond the result bound and counts them', () => {
    const { add, buffer } = setup({ batchMaxResults: 100, maxResults: 1000 });
    add(0, 1500);
    const batches = buffer.unacked();
    expect(batches).toHaveLength(10);
    expect(batches[0]?.results[0]?.monitorId).toBe('monitor-500');
    expect(batches.at(-1)?.results.at(-1)?.monitorId).toBe('monitor-1499');
    expect(buffer.stats()).toMatchObject({ unackedResults: 1000, droppedResults: 500 });
  });

  it('drops the oldest batches beyond the byte bound', () => {
    // Batches of monitors 10–99 have equal sizes (two-digit names).
    const { add, buffer } = setup({ batchMaxResults: 10 });
    add(10, 20);
    const batchBytes = buffer.unacked()[0]!.sizeBytes;
    const small = setup({ batchMaxResults: 10, maxBytes: batchBytes * 3 + 5 });
    small.add(10, 60);
    expect(small.buffer.stats()).toMatchObject({ unackedBatches: 3, droppedResults: 20 });
    expect(small.buffer.stats().unackedBytes).toBeLessThanOrEqual(batchBytes * 3 + 5);
    expect(small.buffer.unacked()[0]?.results[0]?.monitorId).toBe('monitor-30');
  });
});
