/**
 * The XML host: `.voiceml` files are VoiceML, and so is any XML file whose root is `<Response>` (or a near
 * miss of it holding VoiceML verbs, see `document/detect.ts`); every other XML file (pom.xml, Android
 * layouts, XSDs) is left alone. The whole file is one region, and nothing in it is host code.
 */
import type { Localized } from '../../l10n';
import { createRegion, type RegionHost, type VoiceMLRegion } from '../../document/region';
import { changeBetween, recordCodeKept, type TextChange } from '../../document/change';
import { isVoiceMLXml } from '../../document/detect';
import { parseTree, reparseTree } from '../../parser';
import { model } from '../../model';
import { NONE, START_TAG_CLOSED, type XmlTree } from '../../parser/tree';
import type { Host } from '../host';
import { mayHoldPlaceholders, placeholdersOf } from './templating';
import { Memo } from '../../memo';

/**
 * A whole XML file: text is written as it is, and a range of a template `text` is copied as it stands (its
 * placeholders with it); a template's placeholders are the engine's, with no fix of ours.
 */
function xmlFileHost(text: string | undefined): RegionHost {
  return {
    name: 'xml',
    escapeText: (written) => written,
    substitutionLabel: '…',
    copySource: (start, end) => text?.slice(start, end),
    escapeSubstitution: () => undefined,
    escapeFunctions: undefined as Localized | undefined,
  };
}

/**
 * The host of a whole XML file without placeholders: the text the rules read is the source, so a fix's text
 * is written as it is (no copy of source is ever needed).
 */
export const wholeFileHost: RegionHost = xmlFileHost(undefined);

/** The text and tree each analysis of a file read (no template: its placeholders are another text), for the next. */
const parsed = new Memo<readonly VoiceMLRegion[], { text: string; tree: XmlTree }>('parse', { hidden: true });

/**
 * The tree of `text`: when the file changed inside the content of one element since `before`, that content
 * read again and the rest of `before`'s tree moved (a keystroke in a large file reads a few lines); else all of it.
 */
function treeAfter(before: { text: string; tree: XmlTree } | undefined, text: string, change: TextChange | undefined): XmlTree {
  if (!before) return parseTree(text);
  if (!change) return before.tree;
  return reparseTree(before.tree, text, change) ?? parseTree(text);
}

/** A prefix long enough to hold any real document's root element and its first children. */
const SNIFF_LENGTH = 64 * 1024;

/** Longer than this, an XML file without VoiceML is not a new file being started. */
const NEW_FILE_MAX = 1000;

/** Template files of the common engines that produce XML: read as XML, their placeholders substitutions. */
const TEMPLATE_ENDINGS = ['.j2', '.jinja', '.jinja2', '.njk', '.hbs', '.handlebars', '.mustache', '.liquid', '.erb', '.ejs', '.ftl'];

export const xmlHost: Host = {
  name: 'xml',
  languageIds: ['voiceml', 'xml'],
  fileEndings: {
    '.voiceml': 'voiceml',
    '.voiceml.xml': 'voiceml',
    '.xml': 'xml',
    // TwiML kept in files of its own name (Twilio's examples do): XML, checked when its root is <Response>.
    '.twiml': 'xml',
    ...Object.fromEntries(TEMPLATE_ENDINGS.map((ending) => [`.xml${ending}`, 'xml'])),
  },

  findRegions(text, languageId, previous) {
    // The version before, when it was read as plain XML (no template syntax in it).
    const plainBefore = previous && parsed.get(previous);
    const change = plainBefore && changeBetween(plainBefore.text, text);
    // A template of a common engine (`{{ url }}`, `<%= name %>`): its placeholders are substitutions. After a
    // change to a text without any, only what the change wrote, with a character on each side (`$` + `{`), can
    // have begun one: the whole text is not searched again at each keystroke.
    const mayHold = plainBefore === undefined ? mayHoldPlaceholders(text) : change !== undefined && mayHoldPlaceholders(text.slice(Math.max(0, change.start - 1), change.newEnd + 1));
    const templated = mayHold ? placeholdersOf(text) : undefined;
    const before = templated ? undefined : plainBefore;
    const tree = templated ? parseTree(templated.virtual, { placeholders: true }) : treeAfter(before, text, change);
    const regions: VoiceMLRegion[] = [];
    if (!templated) parsed.set(regions, { text, tree });
    // Nothing in the file is code (no route, no handler): whatever changed, the call-flow index keeps what it
    // read of the code and the steps outside the change.
    if (change) recordCodeKept(regions, previous!, change);
    if (languageId !== 'voiceml' && !isVoiceMLXml(tree)) return regions;
    const substitutions = templated && templated.substitutions.length > 0 ? templated.substitutions : undefined;
    regions.push(createRegion({ offset: 0, tree, kind: 'document', fragmentParent: undefined, host: substitutions ? xmlFileHost(text) : wholeFileHost, substitutions }));
    return regions;
  },

  mayBeVoiceML(text, languageId) {
    // A `voiceml` file always is; an `.xml` file when its beginning looks like VoiceML (a 50 MB data dump is
    // none of our business). Parsing a prefix is tolerant (the cut-off just leaves elements unclosed).
    return languageId === 'voiceml' || isVoiceMLXml(parseTree(text.slice(0, SNIFF_LENGTH)));
  },

  completionRegions(text, regions) {
    if (regions.length > 0) return regions;
    // Only a short file can be a new one; a big XML file is never parsed a second time here.
    if (text.length > NEW_FILE_MAX) return regions;
    const tree = parseTree(text);
    const root = tree.root;
    // Empty, or the root's name still being typed (`<Res`): nothing says it is not going to be VoiceML.
    const beingTyped =
      root === NONE ||
      (!tree.is(root, START_TAG_CLOSED) &&
        tree.attributesEnd(root) === tree.firstAttribute(root) &&
        model.root.toLowerCase().startsWith(tree.name(root).toLowerCase()));
    return beingTyped ? [createRegion({ offset: 0, tree, kind: 'document', fragmentParent: undefined, host: wholeFileHost })] : regions;
  },
};
