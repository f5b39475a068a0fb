/**
 * What a verb's behaviour gets from the engine, and what it gives back. Each verb's behaviour is one file
 * beside this one; `index.ts` lists them by element name.
 */
import type { Locale } from '../../l10n';
import { getAttribute } from '../../model';
import type { XmlElement } from '../../parser';
import type { Caller } from '../caller';
import type { CallEnd, CallEvent, Finding } from '../events';
import type { RecordingServer } from '../recordings';
import { collapseWhiteSpace } from '../text';

export interface VerbContext {
  readonly locale: Locale;
  readonly caller: Caller;
  readonly callId: string;
  /** The parameters sent with every request of this call (the Stream's start message names the call). */
  readonly callParams: Readonly<Record<string, string>>;
  readonly recordings: RecordingServer;
  /** True for the first verb of its response. */
  readonly firstVerb: boolean;
  /** True once the call has been answered (any verb but Redirect and Reject has run). */
  readonly answered: boolean;
  emit(event: CallEvent): void;
  /** Waits, unless the call runs `--fast`. */
  sleep(seconds: number): Promise<void>;
  /** Where a URL of the response goes (`ws` for a Stream); notes a rewritten origin. */
  resolve(raw: string, kind: 'http' | 'ws'): { url: URL } | { problem: string };
  /** Runs a nested verb (a Gather's `<Say>` and `<Play>`). */
  runNested(element: XmlElement): Promise<VerbOutcome>;
}

export type VerbOutcome =
  /** The next verb runs. */
  | { kind: 'next' }
  /** The call goes on with a request to `url` (as written in the response), made by `verb` with `params` added. */
  | { kind: 'request'; verb: string; url: string; params: Record<string, string> }
  /** The call ends. */
  | { kind: 'end'; end: Omit<CallEnd, 'step'>; finding?: Finding };

export interface VerbBehaviour {
  run(element: XmlElement, context: VerbContext): Promise<VerbOutcome>;
}

export const NEXT: VerbOutcome = { kind: 'next' };

/** An attribute's value as written, else the platform's default from the model, else undefined. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const written = element.attributes.find((a) => a.name === name)?.value?.value;
  return written ?? getAttribute(element.name, name)?.default;
}

/** An integer attribute (validated by the rules before the verb runs), or undefined when absent without default. */
export function integer(element: XmlElement, name: string): number | undefined {
  const value = attribute(element, name);
  return value === undefined ? undefined : Number(value.trim());
}

/** An integer attribute that always has a value: written, or the model's default. */
export function defaultedInteger(element: XmlElement, name: string): number {
  const value = integer(element, name);
  if (value === undefined) throw new Error(`the model gives <${element.name} ${name}> no default`);
  return value;
}

/** True for a verb nested in another (a Gather's Say), false for one directly in the Response. */
export function isNested(element: XmlElement): boolean {
  return element.parent.kind === 'element' && element.parent.parent.kind === 'element';
}

/** The attributes as written, by name (for the JSON view of a verb). */
export function writtenAttributes(element: XmlElement): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const a of element.attributes) attributes[a.name] = a.value?.value ?? '';
  return attributes;
}

/** The element's own text (text and CDATA), white space collapsed as speech and URLs read it. */
export function textOf(element: XmlElement): string {
  let text = '';
  for (const child of element.children) if (child.kind === 'text' || child.kind === 'cdata') text += child.value;
  return collapseWhiteSpace(text);
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.kind === 'element' && (name === undefined || c.name === name));
}
