import type { Localized } from '../l10n';
import type { Substitution } from '../document/region';
import { DOCUMENT, DYNAMIC, ELEMENT, NONE, TEXT, VALUE_DYNAMIC, type AttributeId, type NodeId, type XmlTree } from '../parser/tree';
import { lastStartingBefore } from '../embedded/confine';
import type { Edit, Fix, Rule, RuleContext } from './rule';

/** The helper the quick fix wraps values in (and adds to the file when it has none). */
export const ESCAPE_HELPER = 'escapeXml';

/**
 * The helper's code, as the fix adds it. Character references instead of named entities: the same one-liner
 * is then valid, strict TypeScript and plain JavaScript, and every XML parser reads them.
 */
export function escapeHelperCode(typescript: boolean): string {
  const signature = typescript ? '(value: unknown): string' : '(value)';
  return [
    `/** Escapes a value for VoiceML (XML) text and attribute values: < > & " ' become character references. */`,
    `const ${ESCAPE_HELPER} = ${signature} => String(value).replace(/[<>&"']/g, (c) => \`&#\${c.charCodeAt(0)};\`);`,
  ].join('\n');
}

/**
 * `${x}` in a template literal, inside text-only content (a `<Say>`, `<Play>`, `<Number>`, `<Redirect>` body —
 * elements whose model body is text) or inside an attribute value, where `x` is not known to be safe. The
 * platform gets the string as it is: a `<` or `&` in `x` breaks the response, and a value from the caller
 * (`req.body…`) can close the `<Say>` and add verbs of its own (`</Say><Dial>…`). Safe, and not reported:
 * literals, numbers, a `const` bound to a literal in the same file (`${BASE}`), and calls to escaping
 * functions (`escapeXml`, `he.escape`, `_.escape` … see `embedded/values.ts`) — unless the known text itself
 * holds a character that breaks the XML there. `${body}` between elements is markup by intent, not text,
 * and is left alone, as is an attribute or element name made from code.
 */
export const injection: Rule = {
  name: 'injection',
  severity: 'warning',
  description: {
    ko: '템플릿 리터럴의 ${x}가 이스케이프 없이 VoiceML 본문(<Say> 등)이나 속성 값에 들어갑니다. 사용자 입력이면 < 나 &가 XML을 깨뜨리거나 동사를 끼워 넣을 수 있습니다.',
    en: 'A template literal puts ${x} unescaped into VoiceML text (<Say> …) or an attribute value; user input can break the XML with < or & or inject verbs.',
  },
  // Only a template with substitutions has anything to look at: the walk over its elements is the rule's own.
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
        for (const s of within(substitutions, tree.valueInnerStart(attribute), tree.valueInnerEnd(attribute))) {
          check(s, dangerous, element, attribute, ctx);
        }
      }
      const spec = ctx.specOf(element);
      if (!spec || spec.body.use === 'none') continue;
      for (let node = tree.firstChild(element); node !== NONE; node = tree.nextSibling(node)) {
        if (tree.kind(node) !== TEXT || !tree.is(node, DYNAMIC)) continue;
        for (const s of within(substitutions, tree.start(node), tree.end(node))) check(s, '<&', element, NONE, ctx);
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
  if (value.kind === 'known') {
    if (!holdsAny(value.specials, dangerous)) return;
    const breaking = [...value.specials].filter((c) => dangerous.includes(c));
    ctx.report({
      start: s.start,
      end: s.end,
      message: {
        ko: '${{0}}의 값에 {1}이(가) 들어 있어 {2}에서 XML이 깨집니다. ${escapeXml({0})}처럼 감싸거나 값을 이스케이프하세요 (& → &amp;, < → &lt;).',
        en: 'The value of ${{0}} contains {1}, which breaks the XML in {2}. Wrap it as ${escapeXml({0})} or escape the value (& → &amp;, < → &lt;).',
      },
      args: [shorten(s.expression.trim()), breaking.join(' '), placeOf(ctx.tree, element, attribute)],
      fixes: wrapFix(s, ctx),
    });
    return;
  }
  ctx.report({
    start: s.start,
    end: s.end,
    message: {
      ko: '${{0}}이(가) 이스케이프 없이 {1}에 들어갑니다. 사용자 입력이 들어오면 < 나 &가 응답 XML을 깨뜨리거나 <Dial> 같은 동사를 끼워 넣을 수 있습니다. ${escapeXml({0})}처럼 감싸세요. escapeXml은 빠른 수정이 파일에 추가하는 한 줄짜리 함수입니다 (he.escape, lodash의 _.escape, escape-html도 인식합니다).',
      en: '${{0}} goes into {1} unescaped. If it can hold user input, < or & breaks the response XML, and verbs like <Dial> can be injected. Wrap it as ${escapeXml({0})}; escapeXml is a one-line function the quick fix adds to this file (he.escape, lodash _.escape and escape-html are recognized too).',
    },
    args: [shorten(s.expression.trim()), placeOf(ctx.tree, element, attribute)],
    fixes: wrapFix(s, ctx),
  });
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

/** `${x}` → `${escapeXml(x)}`, adding the helper at the top of the file when the file has no `escapeXml`. */
function wrapFix(s: Substitution, ctx: RuleContext): Fix[] {
  const host = ctx.region.host;
  const expression = s.expression.trim();
  if (!host || expression === '') return [];
  // The whole `${…}` is replaced (not just the expression): an edit that cuts into a substitution would be
  // taken for one that breaks the code.
  const edits: Edit[] = [{ start: s.start, end: s.end, newText: `\${${ESCAPE_HELPER}(${expression})}` }];
  const addHelper = !host.declares(ESCAPE_HELPER);
  if (addHelper) {
    const insertion = host.topLevelInsertion(escapeHelperCode(host.languageId.startsWith('typescript')));
    // Region offsets: the helper goes before the template, so this offset is negative.
    const at = insertion.offset - ctx.region.offset;
    edits.unshift({ start: at, end: at, newText: insertion.newText });
  }
  return [
    {
      title: addHelper
        ? { ko: '{0}(으)로 감싸기 (escapeXml 함수를 파일에 추가)', en: 'Wrap in {0} (adds the escapeXml function to the file)' }
        : { ko: '{0}(으)로 감싸기', en: 'Wrap in {0}' },
      args: [`${ESCAPE_HELPER}(${shorten(expression)})`],
      edits,
      preferred: true,
    },
  ];
}

/**
 * The substitutions starting in `[from, to)` (they are ordered; found by binary search). Only asked for values
 * and text that hold one, so the generator costs nothing on the clean path.
 */
function* within(substitutions: readonly Substitution[], from: number, to: number): Generator<Substitution> {
  for (let i = lastStartingBefore(substitutions, from) + 1; i < substitutions.length; i++) {
    const s = substitutions[i]!;
    if (s.start >= to) return;
    yield s;
  }
}

/** Long expressions are cut for messages and titles. */
function shorten(expression: string): string {
  const oneLine = expression.split(/\s+/).join(' ');
  return oneLine.length > 40 ? oneLine.slice(0, 39) + '…' : oneLine;
}
