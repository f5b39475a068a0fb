/**
 * What each parse error says, in both of our languages. `{0}`, `{1}` are `ParseError.args` in the order the
 * parser gives them (noted per entry). Plain text: these end up in editor diagnostics, which show no Markdown.
 */
import type { Localized } from '../l10n';
import type { ParseErrorCode } from './ast';

export const parseErrorMessages: Record<ParseErrorCode, Localized> = {
  'empty-document': {
    ko: '문서에 루트 요소가 없습니다. <Response>…</Response>처럼 루트 요소를 하나 쓰세요.',
    en: 'The document has no root element. Add one, e.g. <Response>…</Response>.',
  },
  'xml-decl-not-at-start': {
    ko: 'XML 선언(<?xml …?>)은 문서의 맨 처음에만 올 수 있습니다. 앞에 있는 공백·줄바꿈·주석을 지우거나 이 선언을 지우세요.',
    en: 'The XML declaration (<?xml …?>) must come first in the document, not even after white space. Remove what precedes it, or remove the declaration.',
  },
  'invalid-xml-decl': {
    ko: 'XML 선언이 올바르지 않습니다. <?xml version="1.0" encoding="UTF-8"?> 형식으로 쓰세요 (version은 필수, 순서는 version, encoding, standalone).',
    en: 'Malformed XML declaration. Write it as <?xml version="1.0" encoding="UTF-8"?> (version is required; the order is version, encoding, standalone).',
  },
  // {0}: the target as written ('' when missing)
  'invalid-pi-target': {
    ko: '처리 명령 <?{0}의 이름이 올바르지 않습니다. <? 바로 뒤에 공백 없이 이름을 쓰고, 이름 뒤에는 공백이나 ?>가 와야 합니다.',
    en: 'Invalid processing instruction <?{0}: write a name right after <? (no space), followed by white space or ?>.',
  },
  // {0}: the target
  'reserved-pi-target': {
    ko: '처리 명령 이름 {0}은(는) XML이 예약한 이름입니다. XML 선언이라면 문서 맨 앞에 소문자로 <?xml …?>이라고 쓰세요.',
    en: 'The processing instruction name {0} is reserved by XML. If this is the XML declaration, write it in lowercase, <?xml …?>, at the very start of the document.',
  },
  // {0}: the target
  'unterminated-pi': {
    ko: '처리 명령 <?{0}이(가) ?>로 닫히지 않았습니다.',
    en: 'Processing instruction <?{0} is not closed with ?>.',
  },
  'unterminated-comment': {
    ko: '주석이 -->로 닫히지 않았습니다. 문서 끝까지 모두 주석이 됩니다.',
    en: 'Comment not closed with -->: everything up to the end of the document is part of it.',
  },
  'double-hyphen-in-comment': {
    ko: '주석 안에는 --를 쓸 수 없습니다 (주석을 --->로 끝내는 것도 안 됩니다). 하이픈 사이를 띄우거나 지우세요.',
    en: 'A comment may not contain -- (nor end with --->). Separate or remove the hyphens.',
  },
  'unterminated-cdata': {
    ko: 'CDATA 섹션이 ]]>로 닫히지 않았습니다.',
    en: 'CDATA section not closed with ]]>.',
  },
  'cdata-outside-root': {
    ko: 'CDATA 섹션은 루트 요소 안에만 쓸 수 있습니다.',
    en: 'A CDATA section may only appear inside the root element.',
  },
  'unterminated-doctype': {
    ko: '<!DOCTYPE 선언이 >로 닫히지 않았습니다.',
    en: 'The <!DOCTYPE declaration is not closed with >.',
  },
  'invalid-doctype': {
    ko: '<!DOCTYPE 선언의 형식이 올바르지 않습니다. <!DOCTYPE Response>처럼 이름을 쓰세요. VoiceML에는 DOCTYPE이 필요 없으니 지워도 됩니다.',
    en: 'Malformed <!DOCTYPE declaration: it needs a name, e.g. <!DOCTYPE Response>. VoiceML needs no DOCTYPE; you can remove it.',
  },
  'doctype-after-root': {
    ko: '<!DOCTYPE은 문서에 한 번만, 루트 요소보다 앞에 올 수 있습니다. 이 선언을 지우세요.',
    en: '<!DOCTYPE may appear only once, before the root element. Remove this one.',
  },
  // {0}: the element name
  'unterminated-start-tag': {
    ko: '<{0} 시작 태그가 닫히지 않았습니다. >를 쓰세요 (내용이 없는 요소라면 />).',
    en: 'Start tag <{0} is not closed. Add > (or /> for an empty element).',
  },
  'missing-tag-name': {
    ko: '< 뒤에 태그 이름이 없습니다. 태그 이름을 쓰거나, 텍스트의 <라면 &lt;로 쓰세요.',
    en: 'Missing tag name after <. Type the name, or write &lt; for a literal < in text.',
  },
  // {0}: the name as written
  'invalid-tag-name': {
    ko: '{0}은(는) 올바른 태그 이름이 아닙니다. 이름은 글자, _ 또는 :로 시작하고 글자, 숫자, -, _, ., :만 쓸 수 있습니다.',
    en: '{0} is not a valid tag name: a name starts with a letter, _ or : and contains only letters, digits, -, _, . and :.',
  },
  // {0}: the element name
  'unclosed-element': {
    ko: '<{0}> 요소가 닫히지 않았습니다. </{0}> 또는 />로 닫으세요.',
    en: 'Element <{0}> is not closed. Close it with </{0}>, or write <{0}/> if it is empty.',
  },
  // {0}: the end tag's name, {1}: the innermost open element
  'mismatched-end-tag': {
    ko: '</{0}>가 나왔지만 안쪽의 <{1}>가 아직 닫히지 않았습니다. 이 앞에 </{1}>를 쓰세요.',
    en: '</{0}> comes while the inner <{1}> is still open. Add </{1}> before it.',
  },
  // {0}: the end tag's name, {1}: the start tag's
  'misnamed-end-tag': {
    ko: '끝 태그 </{0}>의 이름이 여는 태그 <{1}>와 다릅니다. 두 이름을 같게 쓰세요.',
    en: 'End tag </{0}> closes <{1}>, but the names differ. Write the same name in both.',
  },
  // {0}: the end tag's name
  'unexpected-end-tag': {
    ko: '</{0}>에 맞는 여는 태그 <{0}>가 없습니다. 이름(대소문자 포함)을 확인하거나 이 끝 태그를 지우세요.',
    en: 'End tag </{0}> has no matching open <{0}>. Check the name (case matters) or remove it.',
  },
  // {0}: the end tag's name
  'unterminated-end-tag': {
    ko: '끝 태그 </{0}가 제대로 닫히지 않았습니다. 이름 바로 뒤에 >를 쓰세요 (끝 태그에는 속성을 쓸 수 없습니다).',
    en: 'End tag </{0} is not closed properly: put > right after the name (end tags take no attributes).',
  },
  // {0}: the attribute name
  'duplicate-attribute': {
    ko: '{0} 속성이 중복되었습니다. 하나만 남기세요.',
    en: 'Duplicate attribute {0}. Keep only one.',
  },
  // {0}: the attribute name
  'missing-attribute-value': {
    ko: '{0} 속성에 값이 없습니다. {0}="…"처럼 값을 따옴표로 감싸 쓰세요.',
    en: 'Attribute {0} has no value. Write {0}="…".',
  },
  // {0}: the attribute name
  'unquoted-attribute-value': {
    ko: '{0} 속성 값이 따옴표로 감싸져 있지 않습니다. {0}="…"처럼 쓰세요.',
    en: 'The value of {0} must be quoted: write {0}="…".',
  },
  'unterminated-attribute-value': {
    ko: '속성 값을 닫는 따옴표가 없습니다. 값 끝에 여는 것과 같은 따옴표를 쓰세요.',
    en: 'The attribute value is missing its closing quote. End it with the same quote it starts with.',
  },
  // {0}: the attribute name
  'missing-whitespace-between-attributes': {
    ko: '{0} 속성 앞에 공백이 필요합니다. 속성 사이는 공백으로 구분하세요.',
    en: 'Missing white space before attribute {0}: separate attributes with a space.',
  },
  // {0}: what stands where an attribute name should be
  'invalid-attribute-name': {
    ko: '{0}은(는) 올바른 속성 이름이 아닙니다. 속성은 이름="값" 형식으로 쓰세요.',
    en: '{0} is not a valid attribute name. Attributes are written name="value".',
  },
  'lt-in-attribute-value': {
    ko: '속성 값 안에는 <를 쓸 수 없습니다. &lt;로 쓰세요.',
    en: '< is not allowed in an attribute value. Write &lt;.',
  },
  'stray-lt': {
    ko: '이 <는 태그나 주석을 시작하지 않습니다. 텍스트의 <는 &lt;로 쓰세요.',
    en: 'This < does not start a tag, a comment or other markup. Write &lt; for a literal <.',
  },
  'bare-ampersand': {
    ko: '&가 엔티티 참조를 시작하지 않습니다. 문자 &는 &amp;로 쓰세요 (URL의 ?a=1&b=2도 ?a=1&amp;b=2로).',
    en: '& does not start a reference. Write a literal & as &amp; (in URLs too: ?a=1&amp;b=2).',
  },
  // {0}: the reference as written, e.g. `&amp`
  'unterminated-reference': {
    ko: '참조 {0} 뒤에 ;가 없습니다. {0};로 쓰세요.',
    en: 'Reference {0} is missing its ;. Write {0};.',
  },
  // {0}: the entity name
  'unknown-entity': {
    ko: '&{0};은(는) 알 수 없는 엔티티입니다. XML에 미리 정의된 엔티티는 &amp; &lt; &gt; &quot; &apos; 다섯 개뿐이고, DOCTYPE에 선언한 엔티티는 보안상 의도적으로 확장하지 않습니다. 문자를 그대로 쓰거나 &#160; 같은 문자 참조를 쓰세요.',
    en: 'Unknown entity &{0};. XML predefines only &amp; &lt; &gt; &quot; &apos;, and entities declared in a DOCTYPE are deliberately not expanded. Write the character itself or a character reference such as &#160;.',
  },
  // {0}: the reference as written
  'invalid-char-ref': {
    ko: '{0}은(는) 올바른 문자 참조가 아닙니다. &#65; 또는 &#x41;처럼 XML에서 쓸 수 있는 문자의 번호를 쓰세요.',
    en: '{0} is not a valid character reference: write the number of a character XML allows, e.g. &#65; or &#x41;.',
  },
  'cdata-end-in-text': {
    ko: '텍스트 안에는 ]]>를 쓸 수 없습니다. ]]&gt;로 쓰세요.',
    en: ']]> is not allowed in text. Write ]]&gt;.',
  },
  // {0}: the first offending character, as U+XXXX
  'invalid-character': {
    ko: 'XML에서 쓸 수 없는 문자({0})가 있습니다. 지우세요.',
    en: 'Character {0} is not allowed in XML. Remove it.',
  },
  'text-outside-root': {
    ko: '루트 요소 밖에는 텍스트를 쓸 수 없습니다. 지우거나 루트 요소 안으로 옮기세요.',
    en: 'Text is not allowed outside the root element. Remove it or move it inside.',
  },
  // {0}: the second root's name
  'multiple-roots': {
    ko: '루트 요소는 하나만 있어야 합니다. <{0}>를 첫 번째 루트 요소 안으로 옮기세요.',
    en: 'A document has a single root element. Move <{0}> inside the first one.',
  },
};
