/**
 * Hover at the language-service level: every element (start and end tag) and every attribute of the model,
 * in Korean and English, enum values, phone numbers, TwiML look-alikes, and the places with no hover.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { localize, type Locale } from '../../server/src/l10n';
import { getElement, model } from '../../server/src/model';
import { describeType, valueCandidates } from '../../server/src/model/values';
import { atCursor } from '../support/cursor';

const services = { ko: getLanguageService({ locale: 'ko' }), en: getLanguageService({ locale: 'en' }) };

interface Shown {
  markdown: string;
  /** The markdown with its backslash escapes removed, to compare with plain model text. */
  plain: string;
  /** The document text the hover's range covers. */
  covers: string;
}

function hover(marked: string, locale: Locale = 'ko', languageId = 'voiceml'): Shown | undefined {
  const { document, position } = atCursor(marked, languageId);
  const result: Hover | null = services[locale].doHover(document, position);
  if (!result) return undefined;
  const contents = result.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  assert.ok(result.range, 'a hover always has a range');
  return { markdown: contents.value, plain: contents.value.replace(/\\(.)/g, '$1'), covers: document.getText(result.range) };
}

function mustHover(marked: string, locale: Locale = 'ko', languageId = 'voiceml'): Shown {
  const shown = hover(marked, locale, languageId);
  assert.ok(shown, `no hover at ${marked}`);
  return shown;
}

const DEFAULT_WORD: Record<Locale, string> = { ko: '기본값', en: 'default' };

describe('every element of the model', () => {
  for (const locale of ['ko', 'en'] as const) {
    for (const element of model.elements) {
      test(`<${element.name}> (${locale}): start and end tag`, () => {
        const start = mustHover(`<${element.name[0]}|${element.name.slice(1)}></${element.name}>`, locale);
        const end = mustHover(`<${element.name}></${element.name.slice(0, -1)}|${element.name.slice(-1)}>`, locale);
        assert.equal(start.covers, element.name);
        assert.equal(end.covers, element.name);
        assert.equal(start.markdown, end.markdown, 'start and end tag show the same doc');
        const md = start.plain;
        assert.ok(md.startsWith(`**\`<${element.name}>\`**`), md.slice(0, 80));
        assert.ok(md.includes(localize(element.doc, locale)), 'what it does');
        for (const attribute of element.attributes) {
          assert.ok(md.includes(`\`${attribute.name}\` — ${localize(describeType(attribute.type), locale)}`), `attribute ${attribute.name} with its type`);
          if (attribute.default !== undefined) {
            assert.ok(md.includes(`${DEFAULT_WORD[locale]} \`${attribute.default}\``), `default of ${attribute.name}`);
          }
        }
        for (const child of element.children) assert.ok(md.includes(`\`<${child.name}>\``), `child ${child.name}`);
        if (element.verification) assert.ok(md.includes(localize(element.verification.note, locale)), 'verification status');
        assert.ok(md.includes(`\`\`\`xml\n${element.example}\n\`\`\``), 'example');
      });
    }
  }

  test('the verification label follows the reference table', () => {
    assert.match(mustHover('<Response><Pl|ay>x</Play></Response>').markdown, /⚠️ 미검증/);
    assert.match(mustHover('<Response><Di|al><Number>1</Number></Dial></Response>').markdown, /✅ 부분 검증/);
    assert.match(mustHover('<Response><Redi|rect>/x</Redirect></Response>', 'en').markdown, /✅ Verified \(indirectly\)/);
  });

  test('nesting and counts: Gather lists Say and Play; Dial needs exactly one Number; Say nests nothing', () => {
    assert.match(mustHover('<Ga|ther/>').markdown, /\*\*자식 요소\*\*: `<Say>`, `<Play>`/);
    assert.match(mustHover('<Di|al/>').markdown, /`<Number>` \(정확히 1개\)/);
    assert.match(mustHover('<S|ay/>', 'en').markdown, /\*\*Child elements\*\*: none/);
    assert.match(mustHover('<Ga|ther/>').markdown, /\*\*본문\*\*: 없음 \(텍스트 없이 자식 요소만\)/);
    assert.match(mustHover('<Hang|up/>').markdown, /\*\*본문\*\*: 없음 \(빈 요소\)/);
  });

  test('the Korean default, English only for en*', () => {
    const { document, position } = atCursor('<S|ay>x</Say>', 'voiceml');
    const value = (getLanguageService().doHover(document, position)!.contents as MarkupContent).value;
    assert.match(value, /텍스트를 음성으로 읽어줍니다/);
    const english = (getLanguageService({ locale: 'en-GB' }).doHover(document, position)!.contents as MarkupContent).value;
    assert.match(english, /Reads text aloud/);
  });
});

describe('every attribute of the model', () => {
  for (const locale of ['ko', 'en'] as const) {
    for (const element of model.elements) {
      for (const attribute of element.attributes) {
        test(`${element.name} ${attribute.name} (${locale})`, () => {
          const name = `${attribute.name[0]}|${attribute.name.slice(1)}`;
          const shown = mustHover(`<${element.name} ${name}="x"/>`, locale);
          assert.equal(shown.covers, attribute.name);
          assert.ok(shown.plain.startsWith(`**\`${attribute.name}\`**`));
          assert.ok(shown.plain.includes(localize(attribute.doc, locale)), 'doc');
          assert.ok(shown.plain.includes(localize(describeType(attribute.type), locale)), 'type');
          if (attribute.default !== undefined) assert.ok(shown.plain.includes(`${DEFAULT_WORD[locale]} \`${attribute.default}\``), 'default');
          if (attribute.required) assert.match(shown.plain, locale === 'ko' ? /\*\*필수\*\*/ : /\*\*required\*\*/);
          if (attribute.recommended) assert.ok(shown.plain.includes(localize(attribute.recommended, locale)), 'why it is recommended');
        });
      }
    }
  }

  test('every enum and boolean value: its own doc, the default marked', () => {
    let checked = 0;
    for (const element of model.elements) {
      for (const attribute of element.attributes) {
        if (attribute.type.kind !== 'enum' && attribute.type.kind !== 'boolean') continue;
        for (const candidate of valueCandidates(attribute.type)) {
          const value = candidate.value.length > 1 ? `${candidate.value[0]}|${candidate.value.slice(1)}` : `|${candidate.value}`;
          const shown = mustHover(`<${element.name} ${attribute.name}="${value}"/>`);
          assert.equal(shown.covers, candidate.value);
          assert.ok(shown.plain.includes(localize(candidate.doc!, 'ko')), `${element.name} ${attribute.name}="${candidate.value}"`);
          assert.equal(shown.plain.includes('**(기본값)**'), candidate.value === attribute.default, `default mark on ${candidate.value}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 11, `${checked} values`);
  });

  test('a value without a doc of its own shows what the attribute is', () => {
    const shown = mustHover('<Response><Gather action="/ha|ndle"/></Response>');
    assert.equal(shown.covers, '/handle');
    assert.match(shown.markdown, /입력 완료 후 요청할 콜백 URL/);
  });

  test('a DTMF key value', () => {
    assert.match(mustHover('<Response><Gather finishOnKey="|*"/></Response>').markdown, /별표\(\*\) 키/);
  });
});

describe('phone numbers: the normalized domestic form', () => {
  test('a <Number> body', () => {
    const shown = mustHover('<Response><Dial><Number>+82 10-1|234-5678</Number></Dial></Response>', 'ko', 'xml');
    assert.equal(shown.covers, '+82 10-1234-5678');
    assert.match(shown.markdown, /→ `01012345678`/);
  });
  test('the range is the number without the white space around it', () => {
    const shown = mustHover('<Response><Dial><Number>\n      02-123-|4567\n    </Number></Dial></Response>', 'en', 'xml');
    assert.equal(shown.covers, '02-123-4567');
    assert.match(shown.markdown, /`021234567`/);
  });
  test('a foreign number cannot be normalized, and says so', () => {
    assert.match(mustHover('<Response><Dial><Number>+1 555 |123 4567</Number></Dial></Response>').markdown, /정규화할 수 없는 번호/);
  });
  test('a callerId value', () => {
    const shown = mustHover('<Response><Dial callerId="070-1234-|0001"><Number>010</Number></Dial></Response>');
    assert.equal(shown.covers, '070-1234-0001');
    assert.match(shown.markdown, /`07012340001`/);
  });
  test('white space around the body has no hover', () => {
    assert.equal(hover('<Response><Dial><Number>  |  010</Number></Dial></Response>'), undefined);
  });
  test('at the start of a CDATA section after white space (no node of the tree), the number it holds', () => {
    const shown = mustHover('<Response><Dial><Number>\t|<![CDATA[010-1234-5678]]></Number></Dial></Response>', 'en', 'xml');
    assert.equal(shown.covers, '<![CDATA[010-1234-5678]]>');
    assert.match(shown.markdown, /`01012345678`/);
  });
});

describe('TwiML look-alikes: unsupported, and the VoiceML way', () => {
  test('every TwiML element of the model', () => {
    for (const twiml of model.twiml.elements) {
      for (const locale of ['ko', 'en'] as const) {
        const shown = mustHover(`<Response><${twiml.name}|></${twiml.name}></Response>`, locale, 'xml');
        assert.equal(shown.covers, twiml.name);
        assert.match(shown.markdown, locale === 'ko' ? /VoiceML에서 지원하지 않는 TwiML 요소/ : /a TwiML element VoiceML does not support/);
        assert.ok(shown.markdown.includes(localize(twiml.reason, locale)), `${twiml.name} reason`);
        assert.ok(shown.markdown.includes(localize(twiml.alternative, locale)), `${twiml.name} alternative`);
      }
    }
  });
  test('every TwiML attribute of the model', () => {
    for (const twiml of model.twiml.attributes) {
      const element = twiml.element === '*' ? 'Gather' : twiml.element;
      if (getElement(element)?.attributes.some((a) => a.name === twiml.name)) continue; // VoiceML has it there
      const shown = mustHover(`<${element} ${twiml.name}|="x"/>`);
      assert.equal(shown.covers, twiml.name);
      assert.match(shown.markdown, /VoiceML에 없는 TwiML 속성/);
      assert.ok(shown.markdown.includes(localize(twiml.reason, 'ko')), `${element} ${twiml.name}`);
    }
  });
  test('every TwiML value of the model: its replacement, or that it does not exist', () => {
    for (const twiml of model.twiml.values) {
      const shown = mustHover(`<${twiml.element} ${twiml.attribute}="|${twiml.value}"/>`, 'en');
      assert.equal(shown.covers, twiml.value);
      if (twiml.replacement !== undefined) assert.ok(shown.markdown.includes(`write \`${twiml.replacement}\``), twiml.value);
      else assert.match(shown.markdown, /a TwiML value VoiceML does not support/);
    }
  });
});

describe('in JS/TS template literals', () => {
  test('element and value hovers map back to the source document', () => {
    const shown = mustHover('const r = voiceml`<Response><Ga|ther numDigits="1"></Gather></Response>`;', 'ko', 'typescript');
    assert.equal(shown.covers, 'Gather');
    assert.match(mustHover('const s = `<Say language="j|a">x</Say>`;', 'en', 'typescript').markdown, /Japanese/);
  });
  test('nothing on a substitution or a substituted end tag name', () => {
    assert.equal(hover('const d = `<Dial><Number>${n|um}</Number></Dial>`;', 'ko', 'typescript'), undefined);
    assert.equal(hover('const r = voiceml`<Response><Say>x</${t}|></Response>`;', 'ko', 'typescript'), undefined);
  });
});

describe('no hover', () => {
  test('on text, white space, comments, the < itself, unknown names', () => {
    for (const marked of [
      '<Response><Say>안녕|하세요</Say></Response>',
      '<Response>\n  |\n  <Say>x</Say>\n</Response>',
      '<Response><!-- <S|ay> --></Response>',
      '<Response>|<Say>x</Say></Response>',
      '<Response><Fo|o/></Response>',
      '<Response><Say fo|o="x">y</Say></Response>',
      '<Response><Say language=""|>y</Say></Response>',
      '<Response><Say language="|">y</Say></Response>',
    ]) {
      assert.equal(hover(marked, 'ko', 'xml'), undefined, marked);
    }
  });
  test('XML that is not VoiceML', () => {
    assert.equal(hover('<project><S|ay/></project>', 'ko', 'xml'), undefined);
  });
});
