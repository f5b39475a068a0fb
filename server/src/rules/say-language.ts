import type { Localized } from '../l10n';
import { plainText } from '../model';
import type { AttributeSpec, ElementSpec, EnumValue, Script } from '../model/types';
import { CDATA, NONE, TEXT, type NodeId, type XmlTree } from '../parser/tree';
import { referenceAt } from '../parser/references';
import type { Fix, Rule } from './rule';
import { attributeInsertionOffset } from './support';

/**
 * Text the default voice cannot read: without `language`, `<Say>` speaks Korean, so an English or Japanese
 * sentence is read out by the Korean voice. Which voice reads which script is the model's (the language
 * values' `script`, the body's `spokenIn`); this rule only tells the scripts of a text apart.
 *
 * A text is the default language's as soon as it has one letter of its script (`한국어는 1번, English press 2`
 * is Korean with an English word), and says nothing without letters (digits, a substitution alone). Otherwise
 * kana make it Japanese, two Latin letters or more Latin script; other letters (Thai, Cyrillic, Chinese)
 * are none of the voices'.
 */
export const sayLanguage: Rule = {
  name: 'say-language',
  severity: 'warning',
  description: {
    ko: 'language 없는 <Say>의 텍스트가 한국어가 아님 (영어, 일본어 등): 한국어 음성으로 읽힙니다. language="en" / "ja"를 쓰세요.',
    en: 'A <Say> without language whose text is not Korean (English, Japanese …): the Korean voice reads it. Add language="en" / "ja".',
  },
  appliesTo: (spec) => spec?.body.spokenIn !== undefined,
  findsNothingWith: (spec) => spec.body.spokenIn !== undefined ? [spec.body.spokenIn] : undefined,
  element(element, ctx, spec) {
    const tree = ctx.tree;
    const attribute = spokenInOf(spec!);
    // With the attribute written (even with a value of code), its value is the language: not this rule's.
    if (!attribute || tree.findAttribute(element, attribute.name) !== NONE) return;
    const voices = languagesOf(attribute);
    const spoken = voices.byValue.get(attribute.default ?? '');
    if (!spoken?.script) return;
    const script = scriptOfText(tree, element);
    if (script === undefined || script === spoken.script) return;
    const meant = script === 'other' ? undefined : voices.byScript.get(script);
    const at = attributeInsertionOffset(tree, element);
    const fixes = meant
      ? (): Fix[] => [
          {
            title: { ko: '{0}="{1}" 추가', en: 'Add {0}="{1}"' },
            args: [attribute.name, meant.value],
            edits: [{ start: at, end: at, newText: ` ${attribute.name}="${meant.value}"` }],
            preferred: true,
            safe: true,
          },
        ]
      : undefined;
    ctx.report({
      start: tree.nameStart(element),
      end: tree.nameEnd(element),
      message: meant ? (script === 'Latin' ? LATIN : OTHER_LANGUAGE) : NONE_OF_THEM,
      // {0} the element, {1} the attribute, {2} the language it is read in, {3} the language meant and {4} its
      // value; with no language meant, {3} the values there are.
      args: [
        spec!.name,
        attribute.name,
        plainText(spoken.doc),
        meant ? plainText(meant.doc) : voices.basic.map((v) => v.value).join(', '),
        meant?.value ?? '',
      ],
      fixes,
    });
  },
};

const LATIN: Localized = {
  ko: '{1} 속성이 없는 <{0}>는 {2}로 읽지만 이 텍스트는 로마자입니다. {3}로 읽게 하려면 {1}="{4}"을(를) 쓰세요.',
  en: '<{0}> without {1} is read in {2}, but this text is in Latin script. To read it in {3}, add {1}="{4}".',
};

const OTHER_LANGUAGE: Localized = {
  ko: '{1} 속성이 없는 <{0}>는 {2}로 읽지만 이 텍스트는 {3}입니다. {1}="{4}"을(를) 쓰세요.',
  en: '<{0}> without {1} is read in {2}, but this text is {3}. Add {1}="{4}".',
};

const NONE_OF_THEM: Localized = {
  ko: '{1} 속성이 없는 <{0}>는 {2}로 읽지만 이 텍스트는 어느 음성의 언어({3})도 아닙니다.',
  en: '<{0}> without {1} is read in {2}, but this text is in none of the languages it speaks ({3}).',
};

/** The attribute that names the language an element's body is spoken in (`language` of `<Say>`). */
function spokenInOf(spec: ElementSpec): AttributeSpec | undefined {
  if (!spokenIn.has(spec)) spokenIn.set(spec, spec.attributes.find((a) => a.name === spec.body.spokenIn));
  return spokenIn.get(spec);
}

const spokenIn = new Map<ElementSpec, AttributeSpec | undefined>();

interface Languages {
  byValue: ReadonlyMap<string, EnumValue>;
  /** The first value of each script: the plain language code (`en`) before its region forms (`en-US`). */
  byScript: ReadonlyMap<Script, EnumValue>;
  /** Those first values, for the message. */
  basic: readonly EnumValue[];
}

const languages = new WeakMap<AttributeSpec, Languages>();

function languagesOf(attribute: AttributeSpec): Languages {
  let found = languages.get(attribute);
  if (found === undefined) {
    const values = attribute.type.kind === 'enum' ? attribute.type.values : [];
    const byScript = new Map<Script, EnumValue>();
    for (const v of values) if (v.script && !byScript.has(v.script)) byScript.set(v.script, v);
    found = { byValue: new Map(values.map((v) => [v.value, v])), byScript, basic: [...byScript.values()] };
    languages.set(attribute, found);
  }
  return found;
}

/**
 * The script of an element's text (its text and CDATA children; substitutions are no letters): `Hangul` as
 * soon as there is one Hangul letter, then `Japanese` with kana, `Latin` with two Latin letters or more,
 * `other` with letters of another script, undefined with none worth a verdict.
 */
function scriptOfText(tree: XmlTree, element: NodeId): Script | 'other' | undefined {
  let latin = 0;
  let kana = false;
  let other = false;
  for (let node = tree.firstChild(element); node !== NONE; node = tree.nextSibling(node)) {
    const kind = tree.kind(node);
    if (kind !== TEXT && kind !== CDATA) continue;
    // Read where it stands, not decoded: a reference (`&amp;`, `&#xAC00;`) counts as the character it stands for.
    const text = tree.text;
    const references = !tree.textIsVerbatim(node);
    const end = tree.textValueEnd(node);
    for (let i = tree.textValueStart(node); i < end; i++) {
      let c = text.charCodeAt(i);
      let referred = -1;
      if (c === AMP && references && (referred = referenceAt(text, i)) >= 0) {
        c = referred;
        i = text.indexOf(';', i);
      }
      if (c < 0x41) continue; // digits, spaces, punctuation
      if (isHangul(c)) return 'Hangul';
      if (isLatinLetter(c)) latin++;
      else if (isKana(c)) kana = true;
      else if (c >= 0x80 && !other && isOtherLetter(referred >= 0 ? referred : text.codePointAt(i)!)) other = true;
    }
  }
  if (kana) return 'Japanese';
  if (latin >= 2) return 'Latin';
  return other ? 'other' : undefined;
}

function isHangul(c: number): boolean {
  return (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) || (c >= 0xa960 && c <= 0xa97f) || (c >= 0xd7b0 && c <= 0xd7ff);
}

function isKana(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) || (c >= 0xff66 && c <= 0xff9d);
}

/** A–Z, a–z, the Latin letters with diacritics (Latin-1 to Extended Additional), full-width Ａ–ｚ. */
function isLatinLetter(c: number): boolean {
  if (c <= 0x7a) return (c >= 0x41 && c <= 0x5a) || c >= 0x61;
  if (c < 0xc0) return false;
  if (c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  return (c >= 0x1e00 && c <= 0x1eff) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}

const LETTER = /\p{L}/u;
const AMP = 0x26;

/** A letter of another script (Thai, Cyrillic, Han …); the template placeholder (private use) is none. */
function isOtherLetter(codePoint: number): boolean {
  return LETTER.test(String.fromCodePoint(codePoint));
}
