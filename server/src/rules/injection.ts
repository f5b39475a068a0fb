import type { Localized } from '../l10n';
import type { Substitution, SubstitutionValue } from '../document/region';
import { firstStartingAt } from '../document/substitutions';
import { DOCUMENT, DYNAMIC, ELEMENT, NONE, TEXT, VALUE_DYNAMIC, type AttributeId, type NodeId, type XmlTree } from '../parser/tree';
import type { Fix, Rule, RuleContext } from './rule';

/**
 * A substitution (`${x}` in a template literal) inside text-only content (a `<Say>`, `<Play>`, `<Number>`,
 * `<Redirect>` body — elements whose model body is text) or inside an attribute value, where `x` is not known
 * to be safe. The platform gets the string as it is: a `<` or `&` in `x` breaks the response, and a value
 * from the caller (`req.body…`) can close the `<Say>` and add verbs of its own (`</Say><Dial>…`). Safe, and
 * not reported: what the host knows to be (`Substitution.value`: literals, numbers, a constant bound to a
 * literal, calls to escaping functions) — unless the known text itself holds a character that breaks the XML
 * there. A substitution between elements is markup by intent, not text, and is left alone, as is an
 * attribute or element name made from code. The fix and the way it is written are the host's
 * (`RegionHost.escapeSubstitution`).
 */
export const injection: Rule = {
  name: 'injection',
  severity: 'warning',
  markup: true,
  readsHost: true,
  description: {
    ko: '코드의 값(템플릿 리터럴의 ${x} 등)이 이스케이프 없이 VoiceML 본문(<Say> 등)이나 속성 값에 들어갑니다. 사용자 입력이면 < 나 &가 XML을 깨뜨리거나 동사를 끼워 넣을 수 있습니다.',
    en: 'A value from code (${x} in a template literal …) goes unescaped into VoiceML text (<Say> …) or an attribute value; user input can break the XML with < or & or inject verbs.',
  },
  // Only a region with substitutions has anything to look at: the walk over its elements is the rule's own.
  document(ctx) {
    const substitutions = ctx.region.substitutions;
    if (!substitutions || substitutions.length === 0) return;
    const tree = ctx.tree;
    for (let element = DOCUMENT + 1; element < tree.size; element++) {
      if (tree.kind(element) !== ELEMENT) continue;
      const end = tree.attributesEnd(element);
      for (let attribute = tree.firstAttribute(element); attribute < end; attribute++) {
        if (!tree.attributeIs(attribute, VALUE_DYNAMIC)) continue;
        const dangerous = dangerousIn(tree, attribute);
        const to = tree.valueInnerEnd(attribute);
        for (let i = firstStartingAt(substitutions, tree.valueInnerStart(attribute)); i < substitutions.length && substitutions[i]!.start < to; i++) {
          check(substitutions[i]!, dangerous, element, attribute, ctx);
        }
      }
      // The element's model entry only once a substitution stands in its text (most have none).
      let textBody: boolean | undefined;
      for (let node = tree.firstChild(element); node !== NONE; node = tree.nextSibling(node)) {
        if (tree.kind(node) !== TEXT || !tree.is(node, DYNAMIC)) continue;
        if (textBody === undefined) {
          const spec = ctx.specOf(element);
          textBody = spec !== undefined && spec.body.use !== 'none';
        }
        if (!textBody) break;
        const to = tree.end(node);
        for (let i = firstStartingAt(substitutions, tree.start(node)); i < substitutions.length && substitutions[i]!.start < to; i++) check(substitutions[i]!, '<&', element, NONE, ctx);
      }
    }
  },
};

/** The characters that break an attribute value: markup, references, and its own quote. */
function dangerousIn(tree: XmlTree, attribute: AttributeId): string {
  return tree.valueQuote(attribute) === "'" ? "<&'" : '<&"';
}

/**
 * Reports `s` when its value may hold one of the `dangerous` characters. It sits in the value of `attribute`,
 * or (`NONE`) in the text of `element`.
 */
function check(s: Substitution, dangerous: string, element: NodeId, attribute: AttributeId, ctx: RuleContext): void {
  const value = s.value();
  if (value.kind === 'known' && !holdsAny(value.specials, dangerous)) return;
  const host = ctx.region.host;
  const escape = host.escapeSubstitution(s, ctx.region.offset, attribute === NONE ? 'text' : 'attribute');
  const shown = shorten(s.text);
  const wrapped = escape ? shorten(escape.text) : undefined;
  const fixes = escape
    ? (): Fix[] => [
        {
          title: escape.adds ? { ko: '{0}(으)로 감싸기 ({1})', en: 'Wrap in {0} ({1})' } : { ko: '{0}(으)로 감싸기', en: 'Wrap in {0}' },
          args: [shorten(escape.call), escape.adds?.title ?? ''],
          edits: escape.edits,
          preferred: true,
        },
      ]
    : undefined;
  const place = placeOf(ctx.tree, element, attribute);
  ctx.report({ start: s.start, end: s.end, ...explain(value, shown, dangerous, place, wrapped, escape?.adds?.note, host.escapeFunctions), fixes });
}

/**
 * The message for a substitution whose `value` may break the XML at `place`: a known value that holds a
 * breaking character, an escaper's result that still may (it leaves the quote), or a value from anywhere.
 * `wrapped`: the substitution as the fix writes it; `adds`: what the fix also adds to the file.
 */
function explain(
  value: SubstitutionValue,
  shown: string,
  dangerous: string,
  place: Localized,
  wrapped: string | undefined,
  adds: Localized | undefined,
  escapeFunctions: Localized | undefined,
): { message: Localized; args: (string | Localized)[] } {
  if (value.kind === 'known') {
    const breaking = [...value.specials].filter((c) => dangerous.includes(c)).join(' ');
    // An escaper that leaves the quote: what it returns is safe in text, not in this attribute.
    if (value.escaped !== undefined) {
      return {
        message: wrapped
          ? {
              ko: '{0}은(는) < 와 &는 이스케이프하지만 {1}은(는) 그대로 둡니다. 값에 {1}이(가) 들어오면 {2}이(가) 거기서 끝나 XML이 깨집니다. {3}처럼 감싸거나 {0}이(가) {1}도 이스케이프하게 하세요 (" → &quot;, \' → &apos;).',
              en: "{0} escapes < and & but leaves {1} as it is: a {1} in the value ends {2} there and breaks the XML. Wrap it as {3}, or make {0} escape {1} too (\" → &quot;, ' → &apos;).",
            }
          : {
              ko: '{0}은(는) < 와 &는 이스케이프하지만 {1}은(는) 그대로 둡니다. 값에 {1}이(가) 들어오면 {2}이(가) 거기서 끝나 XML이 깨집니다. {0}이(가) {1}도 이스케이프하게 하세요 (" → &quot;, \' → &apos;).',
              en: "{0} escapes < and & but leaves {1} as it is: a {1} in the value ends {2} there and breaks the XML. Make {0} escape {1} too (\" → &quot;, ' → &apos;).",
            },
        args: [value.escaped, breaking, place, wrapped ?? ''],
      };
    }
    return {
      message: wrapped
        ? {
            ko: '{0}의 값에 {1}이(가) 들어 있어 {2}에서 XML이 깨집니다. {3}처럼 감싸거나 값을 이스케이프하세요 (& → &amp;, < → &lt;).',
            en: 'The value of {0} contains {1}, which breaks the XML in {2}. Wrap it as {3} or escape the value (& → &amp;, < → &lt;).',
          }
        : {
            ko: '{0}의 값에 {1}이(가) 들어 있어 {2}에서 XML이 깨집니다. 값을 이스케이프하세요 (& → &amp;, < → &lt;).',
            en: 'The value of {0} contains {1}, which breaks the XML in {2}. Escape the value (& → &amp;, < → &lt;).',
          },
      args: [shown, breaking, place, wrapped ?? ''],
    };
  }
  const helper: Localized | string = adds ? { ko: ' ' + adds.ko, en: ' ' + adds.en } : '';
  const recognized: Localized | string = escapeFunctions
    ? { ko: ` ${escapeFunctions.ko}도 안전한 이스케이프로 인식합니다.`, en: ` ${escapeFunctions.en} are recognized as escaping too.` }
    : '';
  return {
    message: wrapped
      ? {
          ko: '{0}이(가) 이스케이프 없이 {1}에 들어갑니다. 사용자 입력이 들어오면 < 나 &가 응답 XML을 깨뜨리거나 <Dial> 같은 동사를 끼워 넣을 수 있습니다. {2}처럼 감싸세요.{3}{4}',
          en: '{0} goes into {1} unescaped. If it can hold user input, < or & breaks the response XML, and verbs like <Dial> can be injected. Wrap it as {2}.{3}{4}',
        }
      : {
          ko: '{0}이(가) 이스케이프 없이 {1}에 들어갑니다. 사용자 입력이 들어오면 < 나 &가 응답 XML을 깨뜨리거나 <Dial> 같은 동사를 끼워 넣을 수 있습니다. 값을 이스케이프하세요.{4}',
          en: '{0} goes into {1} unescaped. If it can hold user input, < or & breaks the response XML, and verbs like <Dial> can be injected. Escape the value.{4}',
        },
    args: [shown, place, wrapped ?? '', helper, recognized],
  };
}

/** True when `text` holds one of the characters of `characters` (all ASCII: no surrogate pair to split). */
function holdsAny(text: string, characters: string): boolean {
  for (let i = 0; i < text.length; i++) if (characters.includes(text.charAt(i))) return true;
  return false;
}

/** Where a substitution lands, for messages: the value of `attribute`, or (`NONE`) the text of `element`. */
function placeOf(tree: XmlTree, element: NodeId, attribute: AttributeId): Localized {
  if (attribute !== NONE) {
    const name = tree.attributeName(attribute);
    return { ko: `${name} 속성 값`, en: `the ${name} attribute value` };
  }
  const name = tree.name(element);
  return { ko: `<${name}> 본문`, en: `the <${name}> text` };
}

/**
 * Long code is cut for messages and titles, keeping its closing bracket: `${req.body.very.long…}`, on one line
 * (each run of white space one space). Only what is shown is read: a `${` whose closing brace is not there runs
 * on over the rest of the file, and it was split and joined whole for each finding on it.
 */
function shorten(code: string): string {
  const trimmed = code.trim();
  let oneLine = '';
  let space = false;
  let i = 0;
  for (; i < trimmed.length && oneLine.length <= SHOWN; i++) {
    const c = trimmed[i]!;
    // White space as `trim` (and `\s`) has it.
    if (c.trim() === '') {
      space = true;
      continue;
    }
    if (space) oneLine += ' ';
    space = false;
    oneLine += c;
  }
  return oneLine.length > SHOWN ? oneLine.slice(0, SHOWN - 2) + '…' + trimmed[trimmed.length - 1] : oneLine;
}

/** The longest code `shorten` shows whole. */
const SHOWN = 42;
