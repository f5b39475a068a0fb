/**
 * `<Connect><Stream>`: opens the WebSocket (with `ws`), reports the handshake and the `<Parameter>`s, plays
 * the start of the stream protocol and ends the call's VoiceML: nothing after `<Connect>` runs. The reference
 * names the events `connected`, `start`, `media`, `stop`, and the fields `start.streamId` and
 * `start.callId`; `start.customParameters` (the `<Parameter>`s) and `start.tracks` follow TwiML's media
 * streams, which VoiceML is compatible with. No audio is sent: the simulator has no voice.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { localize } from '../../l10n';
import { loopbackLookup, REQUEST_TIMEOUT_MS } from '../request';
import { attribute, childElements, type VerbBehaviour } from './verb';

/** How long the simulator listens to what the server sends after `start`, before it says `stop`. */
export const STREAM_LISTEN_MS = 300;

export const connect: VerbBehaviour = {
  async run(element, context) {
    const stream = childElements(element, 'Stream')[0];
    if (!stream) return { kind: 'end', end: { reason: 'no-more-verbs' } };
    const url = attribute(stream, 'url') ?? '';
    const track = attribute(stream, 'track') ?? '';
    const parameters: Record<string, string> = {};
    for (const p of childElements(stream, 'Parameter')) parameters[attribute(p, 'name') ?? ''] = attribute(p, 'value') ?? '';
    const resolved = context.resolve(url, 'ws');
    if ('problem' in resolved) return failed(resolved.problem);
    const localUrl = resolved.url.href;
    context.emit({ type: 'stream', url, localUrl, track, parameters });
    const streamId = `MZ${randomBytes(16).toString('hex')}`;
    const start = {
      event: 'start',
      start: { streamId, callId: context.callId, accountId: context.callParams.AccountId, tracks: [track], customParameters: parameters },
    };
    const messages = [{ event: 'connected', protocol: 'Call', version: '1.0.0' }, start];
    const outcome = await talk(localUrl, messages, { event: 'stop', stop: { streamId, callId: context.callId } });
    if ('error' in outcome) {
      return failed(localize({ ko: 'WebSocket {0}에 연결하지 못했습니다: {1}', en: 'could not open the WebSocket {0}: {1}' }, context.locale, [localUrl, outcome.error]));
    }
    context.emit({ type: 'stream-open', status: outcome.status, sent: [...messages.map((m) => m.event), 'stop'], received: outcome.received });
    return { kind: 'end', end: { reason: 'stream', url, localUrl, parameters } };

    function failed(message: string) {
      return { kind: 'end' as const, end: { reason: 'error' as const, message }, finding: { severity: 'error' as const, code: 'stream-failed', message } };
    }
  },
};

/** Opens `url`, sends `messages`, listens a moment, sends `stop` and closes; what the server sent is kept by its `event`. */
function talk(url: string, messages: readonly object[], stop: object): Promise<{ status: number; received: string[] } | { error: string }> {
  return new Promise((resolve) => {
    const received: string[] = [];
    let status = 0;
    let settled = false;
    const socket = new WebSocket(url, { lookup: loopbackLookup, handshakeTimeout: REQUEST_TIMEOUT_MS, maxPayload: 1024 * 1024 });
    const settle = (value: { status: number; received: string[] } | { error: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    let timer: NodeJS.Timeout | undefined;
    socket.on('upgrade', (response) => (status = response.statusCode ?? 101));
    socket.on('unexpected-response', (_request, response) => {
      settle({ error: `${response.statusCode} ${response.statusMessage ?? ''}`.trim() });
      socket.terminate();
    });
    socket.on('error', (error) => settle({ error: error.message }));
    socket.on('message', (data) => {
      if (received.length >= 100) return;
      let event = '?';
      try {
        event = String((JSON.parse(data.toString()) as { event?: unknown }).event ?? '?');
      } catch {
        event = '(not JSON)';
      }
      received.push(event);
    });
    socket.on('open', () => {
      for (const message of messages) socket.send(JSON.stringify(message));
      timer = setTimeout(() => {
        socket.send(JSON.stringify(stop));
        socket.close(1000);
        settle({ status, received });
      }, STREAM_LISTEN_MS);
    });
    socket.on('close', () => settle({ status, received }));
  });
}
