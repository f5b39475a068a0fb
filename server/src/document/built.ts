/**
 * VoiceML built from code: the calls of a helper library (Twilio's `VoiceResponse` and its `say`, `gather`,
 * `dial` …, in JS/TS or Python) read by a host into elements, each tied to the code that makes it. From them,
 * the XML the library would produce — the text rules read — and a map from each part of that text back to
 * the code: a tag name to the method or class name, an attribute to the option's key and value, a body to
 * the argument. Findings land on the code; a fix is written as code where the map can say how (a value
 * replaced, a key renamed, an option removed, a method renamed), and is not offered otherwise.
 */
import { PLACEHOLDER } from '../parser/ast';
import { parseTree } from '../parser';
import { createRegion, type Edit, type RegionHost, type RegionMapping, type VoiceMLRegion } from './region';

/**
 * What the written XML has for a value, or a part of one, the code does not say (an option `action: url`, the
 * `${BASE}` of `` `${BASE}/menu` ``): a run of placeholders, which the rules read as a template's substitution.
 */
export const UNSAID = PLACEHOLDER.repeat(4);

/** A range of the document. */
export interface Span {
  start: number;
  end: number;
}

/** An element a builder call makes. */
export interface BuiltElement {
  /** The element's name as the library writes the tag (`Gather`). */
  name: string;
  /** The method or class name in the code (`gather`, `Gather`). */
  nameSpan: Span;
  /** The whole call. */
  span: Span;
  attributes: BuiltAttribute[];
  /** The body the call passes (`say('안녕하세요')`), its value as an attribute's is. */
  text?: { value: string | undefined; span: Span };
  children: BuiltElement[];
  /** The code adds options the analysis cannot list (`...options`, `**kwargs`). */
  moreAttributes?: boolean;
  /** The code adds content the analysis cannot follow here (a helper function, a loop it does not read). */
  moreContent?: boolean;
  /** How the code names the element: a method (`gather(…)`), a class (`Gather(…)`), a string (`addChild('Say')`). */
  written: 'method' | 'class' | 'string';
}

/** An option of a builder call: one attribute. */
export interface BuiltAttribute {
  /** The attribute's name as the library writes it (`numDigits`, also for Python's `num_digits`). */
  name: string;
  keySpan: Span;
  /**
   * The value as the code says it (a literal, a constant), each part it does not say as `UNSAID`
   * (`` `${BASE}/menu` ``); undefined when it says nothing of it.
   */
  value: string | undefined;
  /** The value's code; for a string literal, its text between the quotes. */
  valueSpan: Span;
  /** The value is a string literal whose text is written as it stands (no escape in it), so it can be edited in place. */
  editableValue: boolean;
  /** What removing the option removes (its separator with it). */
  removal: Span;
}

/** How a host writes builder code for what a fix changes. */
export interface BuilderSyntax {
  /** The method or class name for an element name (`Say` → `say`, or the class `Say`). */
  elementCode(name: string, element: BuiltElement): string;
  /** The option key for an attribute name (`numDigits`, or Python's `num_digits`). */
  attributeCode(name: string): string;
  /** Text as written into the string literal of `span`. */
  valueCode(text: string, span: Span): string | undefined;
}

/** A region for `root`, a response built by code (`VoiceResponse()`), with its map to the code. */
export function builtRegion(root: BuiltElement, host: RegionHost, syntax: BuilderSyntax, partial: boolean): VoiceMLRegion {
  const writer = new Writer();
  writer.element(root);
  const tree = parseTree(writer.text, { placeholders: true });
  return createRegion({ offset: 0, tree, kind: 'document', fragmentParent: undefined, host, mapping: new BuiltMapping(writer.entries, syntax), partial: partial || undefined });
}

/** One part of the written XML and the code it stands for. */
interface Entry {
  kind: 'element' | 'name' | 'endName' | 'attribute' | 'key' | 'value' | 'text';
  /** In the written XML. */
  start: number;
  end: number;
  /** In the document. */
  code: Span;
  element: BuiltElement;
  attribute?: BuiltAttribute;
  /** The written text and the code are the same characters, one for one (a value without escapes). */
  sameText?: boolean;
}

/** Writes the XML the library would produce, noting where each part comes from. */
class Writer {
  text = '';
  readonly entries: Entry[] = [];

  element(element: BuiltElement): void {
    const start = this.text.length;
    this.text += '<';
    this.note('name', element.name, element.nameSpan, element);
    for (const attribute of element.attributes) {
      const attributeStart = this.text.length;
      this.text += ' ';
      this.note('key', attribute.name, attribute.keySpan, element, attribute);
      this.text += '="';
      const value = attribute.value === undefined ? UNSAID : escapeXml(attribute.value);
      this.note('value', value, attribute.valueSpan, element, attribute, attribute.editableValue && value === attribute.value && attribute.valueSpan.end - attribute.valueSpan.start === value.length);
      this.text += '"';
      this.entries.push({ kind: 'attribute', start: attributeStart, end: this.text.length, code: attribute.removal, element, attribute });
    }
    if (element.moreAttributes) this.text += ' ' + PLACEHOLDER.repeat(4);
    const empty = !element.text && element.children.length === 0 && !element.moreContent;
    if (empty) this.text += '/>';
    else {
      this.text += '>';
      if (element.text) {
        const value = element.text.value === undefined ? UNSAID : escapeXml(element.text.value);
        this.note('text', value, element.text.span, element, undefined, value === element.text.value && element.text.span.end - element.text.span.start === value.length);
      }
      for (const child of element.children) this.element(child);
      if (element.moreContent) this.text += PLACEHOLDER.repeat(4);
      this.text += '</';
      this.note('endName', element.name, element.nameSpan, element);
      this.text += '>';
    }
    this.entries.push({ kind: 'element', start, end: this.text.length, code: element.span, element });
  }

  private note(kind: Entry['kind'], written: string, code: Span, element: BuiltElement, attribute?: BuiltAttribute, sameText?: boolean): void {
    const start = this.text.length;
    this.text += written;
    this.entries.push({ kind, start, end: this.text.length, code, element, attribute, sameText });
  }
}

/** What the library writes for a value: `<`, `>`, `&` and `"` as references. */
function escapeXml(value: string): string {
  let out = '';
  for (const c of value) out += c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : c;
  return out;
}

class BuiltMapping implements RegionMapping {
  private span: Span | undefined;

  constructor(
    private readonly entries: readonly Entry[],
    private readonly syntax: BuilderSyntax,
  ) {}

  /** Worked out when asked: only checks of the whole region need it. */
  get extent(): Span {
    if (this.span === undefined) {
      let start = Infinity;
      let end = -Infinity;
      for (const entry of this.entries) {
        start = Math.min(start, entry.code.start);
        end = Math.max(end, entry.code.end);
      }
      this.span = { start, end };
    }
    return this.span;
  }

  /** The smallest part of the written XML holding `[start, end)`. */
  private holding(start: number, end: number): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of this.entries) {
      if (entry.start <= start && end <= entry.end && (!best || entry.end - entry.start < best.end - best.start)) best = entry;
    }
    return best;
  }

  range(start: number, end: number): Span {
    const entry = this.holding(start, Math.max(start, end));
    if (!entry) return this.entries[this.entries.length - 1]!.code; // outside every element: the response
    // Inside a value written as it stands: the very characters; an end tag stands for the call's name.
    if (entry.sameText) return { start: entry.code.start + (start - entry.start), end: entry.code.start + (end - entry.start) };
    return entry.code;
  }

  at(offset: number): number | undefined {
    let best: Entry | undefined;
    for (const entry of this.entries) {
      if (entry.kind === 'element' || entry.kind === 'attribute' || entry.kind === 'endName') continue;
      if (entry.code.start <= offset && offset <= entry.code.end && (!best || entry.code.end - entry.code.start < best.code.end - best.code.start)) best = entry;
    }
    if (!best) return undefined;
    return best.start + Math.min(offset - best.code.start, best.end - best.start);
  }

  edits(edits: readonly Edit[]): Edit[] | undefined {
    const out: Edit[] = [];
    for (const edit of edits) {
      const entry = this.entries.find((e) => e.start <= edit.start && edit.end <= e.end && (e.kind !== 'element' && e.kind !== 'attribute' ? true : e.start === edit.start || e.end === edit.end));
      const translated = entry ? this.translate(edit, entry) : undefined;
      if (translated === undefined) return undefined;
      if (translated !== null) out.push(translated);
    }
    return out;
  }

  /** One edit as code; null when it needs none (the end tag of a renamed element), undefined when code cannot say it. */
  private translate(edit: Edit, entry: Entry): Edit | null | undefined {
    const whole = edit.start === entry.start && edit.end === entry.end;
    switch (entry.kind) {
      case 'name':
        return whole && edit.newText !== '' ? { start: entry.code.start, end: entry.code.end, newText: this.syntax.elementCode(edit.newText, entry.element) } : undefined;
      case 'endName':
        return whole ? null : undefined; // the start tag's rename says it
      case 'key':
        return whole && edit.newText !== '' ? { start: entry.code.start, end: entry.code.end, newText: this.syntax.attributeCode(edit.newText) } : undefined;
      case 'value':
      case 'text': {
        if (!entry.sameText) return undefined;
        const at = entry.code.start + (edit.start - entry.start);
        const newText = this.syntax.valueCode(edit.newText, entry.code);
        return newText === undefined ? undefined : { start: at, end: entry.code.start + (edit.end - entry.start), newText };
      }
      case 'attribute': {
        // Removing an option: the edit takes the attribute (and maybe the white space before it).
        const removes = edit.newText === '' && edit.end >= entry.end && edit.start <= entry.start + 1;
        return removes ? { start: entry.code.start, end: entry.code.end, newText: '' } : undefined;
      }
      default:
        return undefined;
    }
  }
}
