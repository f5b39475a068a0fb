/** Test helpers for requests at a position: a document with the cursor marked `|`, and applying edits. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Position, TextEdit } from 'vscode-languageserver-types';

export interface AtCursor {
  document: TextDocument;
  position: Position;
  offset: number;
}

let counter = 0;
const EXTENSIONS: Record<string, string> = { typescript: 'ts', javascript: 'js', typescriptreact: 'tsx', javascriptreact: 'jsx' };

/** The text without its `|` (exactly one), as a document, and the cursor where the `|` was. */
export function atCursor(marked: string, languageId = 'xml'): AtCursor {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error(`mark the cursor with exactly one |: ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const extension = EXTENSIONS[languageId] ?? languageId;
  const document = TextDocument.create(`file:///test/cursor-${++counter}.${extension}`, languageId, 1, text);
  return { document, position: document.positionAt(offset), offset };
}

/** The document's text after accepting `item` (its text edit and additional edits), snippet syntax left as is. */
export function accept(document: TextDocument, item: CompletionItem): string {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) throw new Error(`item ${item.label} has no plain text edit`);
  const edits: TextEdit[] = [edit, ...(item.additionalTextEdits ?? [])];
  return TextDocument.applyEdits(document, edits);
}
