import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/renderer/client/sse-parser';

describe('SseParser', () => {
  it('reads named events with their data', () => {
    const parser = new SseParser();
    const out = parser.push(
      'event: snapshot\ndata: {"seq":1}\n\nevent: event\nid: 7\ndata: {"seq":2}\n\n',
    );
    expect(out).toEqual([
      { event: 'snapshot', data: '{"seq":1}' },
      { event: 'event', data: '{"seq":2}', id: '7' },
    ]);
  });

  it('joins a frame split across chunks at any point', () => {
    const text = 'event: snapshot\ndata: {"a":"b"}\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const out = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(out, `cut at ${cut}`).toEqual([{ event: 'snapshot', data: '{"a":"b"}' }]);
    }
  });

  it('treats CRLF, CR and LF alike, including a CRLF split between chunks', () => {
    const parser = new SseParser();
    const out = [
      ...parser.push('event: a\r'),
      ...parser.push('\ndata: 1\r\n\r'),
      ...parser.push('\nevent: b\rdata: 2\r\r'),
    ];
    expect(out).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('drops comments and frames without data, and joins data lines', () => {
    const parser = new SseParser();
    const out = parser.push(': ping\n\nretry: 2000\n\nevent: x\n\ndata: one\ndata: two\n\n');
    expect(out).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('keeps an unfinished frame until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('event: snapshot\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'snapshot', data: '{}' }]);
  });
});
