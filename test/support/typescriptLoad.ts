/**
 * Run as its own process by `test/unit/embedded.test.ts`: reports when the language service loads
 * `typescript` — never for `.xml` documents or JS/TS files without a template literal that could be VoiceML.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/languageService';
import { typescriptLoaded } from '../../server/src/hosts/javascript/typescript';

const service = getLanguageService();
service.doValidation(TextDocument.create('file:///a.xml', 'xml', 1, '<Response><Say>hi</Say></Response>'));
const afterXml = typescriptLoaded();
service.doValidation(TextDocument.create('file:///a.ts', 'typescript', 1, "const a: number = 1;\nexport default a; // it's 'quoted'\n"));
service.doValidation(TextDocument.create('file:///c.ts', 'typescript', 1, 'const greet = (name: string) => `<p>Hello ${name}</p>`; // an HTML snippet\n'));
const afterPlainScript = typescriptLoaded();
service.doValidation(TextDocument.create('file:///b.ts', 'typescript', 1, 'export const b = `<Say>hi</Say>`;'));
process.stdout.write(JSON.stringify({ afterXml, afterPlainScript, afterTemplate: typescriptLoaded() }) + '\n');
