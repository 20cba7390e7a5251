import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './pagination.js';

describe('cursors', () => {
  it('round-trip and stay opaque', () => {
    const cursor = { id: '01a20e6e-5c81-73be-9080-b2bc8fb76a01', direction: 'prev' as const };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain(cursor.id);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it('refuse anything this API did not issue', () => {
    for (const raw of ['', 'abc', Buffer.from('{"v":1,"id":"x","d":"n"}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      expect(decodeCursor(raw)).toBeNull();
    }
  });
});
