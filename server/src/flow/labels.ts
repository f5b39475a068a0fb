/**
 * The words a picture of the call flow writes — `voiceml flow`'s Mermaid and DOT, the editor's webview: the
 * lines a node shows and how a condition on a step reads. Plain functions of the graph's JSON (`graph.ts`)
 * with nothing imported at run time, so that the webview bundles them as they are.
 */
import type { GraphNode } from './graph';
import type { When } from './index';

/** At most this many lines of verbs in a node of a picture. */
export const NODE_LINES = 8;

/** The few words of a node's lines that are not VoiceML or code (the webview gives them in the user's language). */
export interface NodeWords {
  /** Under the path of a node no route serves. */
  noRoute: string;
  /** The last line of a node with more verbs than it shows; `{0}` is how many more. */
  more: string;
}

export const ENGLISH_WORDS: NodeWords = { noRoute: '(no route)', more: '… {0} more' };

/** `1, 2` (the parameter is one of these), `≠ completed` (not this one), `else` (none of several). */
export function whenLabel(when: When): string {
  if (when.equals) return when.equals.join(', ');
  if (when.otherThan) return when.otherThan.length === 1 ? `≠ ${when.otherThan[0]}` : 'else';
  return '';
}

/** The lines a picture shows in a node: the path (and methods), then its verbs, each response's conditions first. */
export function nodeLines(node: GraphNode, words: NodeWords = ENGLISH_WORDS): string[] {
  if (node.kind === 'code') return [node.location!.file];
  if (node.kind === 'missing') return [node.path!, words.noRoute];
  const methods = node.methods!.filter((m) => m !== '*');
  const lines = [`${node.path}${methods.length > 0 && !(methods.length === 1 && methods[0] === 'POST') ? ` (${methods.join(', ')})` : ''}`];
  for (const response of node.responses) {
    const prefix = response.when.map(whenLabel).filter((l) => l !== '').join(' · ');
    response.verbs.forEach((verb, i) => {
      const label = verb.label === verb.name && verb.children ? verb.children.map((c) => c.label).join(', ') : verb.label;
      lines.push(i === 0 && prefix !== '' ? `[${prefix}] ${label}` : label);
    });
  }
  if (lines.length > NODE_LINES + 1) return [...lines.slice(0, NODE_LINES), words.more.replace('{0}', String(lines.length - NODE_LINES))];
  return lines;
}
