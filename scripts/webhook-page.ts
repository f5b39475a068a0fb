/**
 * `docs/webhook.md`, written from `schemas/webhook.json` alone: what the platform sends to a webhook (the
 * parameters of every request, those each verb's callback adds, the header), what it expects back, and the
 * TwiML names it never sends with the VoiceML name of the same value. Hover on a parameter in handler code and
 * the parameter rules' pages link here. `scripts/sync-generated.ts` writes it; nothing in it is written by hand.
 */
import type { Localized } from '../server/src/l10n';
import { webhook, type ParameterSpec, type TwimlName } from '../server/src/model/webhook';

/** A table cell: Markdown as the data writes it, with `|` escaped and no line breaks. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const both = (text: Localized): string => `${cell(text.ko)}<br>${cell(text.en)}`;

function parameterTable(parameters: readonly ParameterSpec[]): string[] {
  return [
    '| 이름 · name | 타입 · type | 필수 · required | 값 · values | 설명 · description |',
    '| --- | --- | --- | --- | --- |',
    ...parameters.map((p) => {
      const values = p.values
        ? p.values.map((v) => `\`${v.value}\` ${cell(v.doc.ko)} · ${cell(v.doc.en)}`).join('<br>')
        : p.keys !== undefined
          ? `키 · keys ${[...p.keys].map((k) => `\`${k}\``).join(' ')}`
          : p.example !== undefined
            ? `예 · e.g. \`${p.example}\``
            : '';
      return `| \`${p.name}\` | ${p.type} | ${p.required ? '✓' : ''} | ${values} | ${both(p.doc)} |`;
    }),
  ];
}

function twimlTable(names: readonly TwimlName[]): string[] {
  return [
    '| TwiML | VoiceML | TwiML에서 · in TwiML | 대신 · instead |',
    '| --- | --- | --- | --- |',
    ...names.map((n) => `| \`${n.name}\` | ${n.voiceml !== undefined ? `\`${n.voiceml}\`` : '—'} | ${both(n.use)} | ${n.alternative ? both(n.alternative) : ''} |`),
  ];
}

export function webhookPage(): string {
  const { request, parameters, callbacks, twiml, response } = webhook;
  const lines: string[] = [
    '<!-- Written from schemas/webhook.json by scripts/webhook-page.ts: node --import tsx scripts/sync-generated.ts -->',
    '# 웹훅 요청과 응답 · The webhook request and response',
    '',
    '## 요청 · Request',
    '',
    request.doc.ko,
    '',
    request.doc.en,
    '',
    `메서드 · Methods: ${request.methods.map((m) => `\`${m}\``).join(', ')} (기본 · default \`${request.defaultMethod}\`), \`Content-Type: ${request.contentType}\``,
    '',
    '### 모든 요청의 파라미터 · Parameters of every request',
    '',
    ...parameterTable(parameters),
    '',
    '### 헤더 · Headers',
    '',
    ...request.headers.flatMap((h) => [`- \`${h.name}\`: ${h.doc.ko}`, `  ${h.doc.en}`]),
  ];
  for (const callback of callbacks) {
    const where = callback.url === 'body' ? `<${callback.verb}>URL</${callback.verb}>` : `<${callback.verb} ${callback.url}>`;
    lines.push(
      '',
      `### \`${where}\` — ${callback.method}`,
      '',
      callback.doc.ko,
      '',
      callback.doc.en,
      '',
      ...(callback.parameters.length > 0
        ? ['모든 요청의 파라미터에 더해 · In addition to the parameters of every request:', '', ...parameterTable(callback.parameters)]
        : ['모든 요청의 파라미터만 옵니다 · Only the parameters of every request.']),
    );
  }
  lines.push(
    '',
    '## 응답 · Response',
    '',
    `\`Content-Type: ${response.contentType}\`, ${response.maxBytes.toLocaleString('en-US')} bytes at most.`,
    '',
    response.doc.ko,
    '',
    response.doc.en,
    '',
    '## TwiML에서 옮긴 코드 · Code ported from TwiML',
    '',
    twiml.doc.ko,
    '',
    twiml.doc.en,
    '',
    '### 파라미터 · Parameters',
    '',
    ...twimlTable(twiml.parameters),
    '',
    '### 헤더 · Headers',
    '',
    ...twimlTable(twiml.headers),
    '',
    '### 값 · Values',
    '',
    '| 파라미터 · parameter | TwiML | VoiceML | TwiML에서 · in TwiML |',
    '| --- | --- | --- | --- |',
    ...twiml.values.map((v) => `| \`${v.parameter}\` | \`${v.value}\` | ${v.voiceml !== undefined ? `\`${v.voiceml}\`` : '—'} | ${both(v.use)} |`),
    '',
  );
  return lines.join('\n');
}
