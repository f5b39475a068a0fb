/**
 * The tolerant XML parser: `parseTree` (the flat tree validation walks; `reparseTree` after a change in one
 * element), `parseXml` (the object tree the editor features read), and the messages for its errors.
 */
export { MAX_PARSE_ERRORS, parseTree, parseXml, reparseTree } from './parser';
export { toDocument } from './materialize';
export { isXmlSpace, isXmlSpaceOnly, XmlTree, NONE } from './tree';
export type { NodeId, AttributeId, NodeKind } from './tree';
export { parseErrorMessages } from './messages';
export { PLACEHOLDER } from './ast';
export type {
  ParseError,
  ParseErrorCode,
  ParseOptions,
  XmlAttribute,
  XmlAttributeValue,
  XmlCData,
  XmlComment,
  XmlDoctype,
  XmlDocument,
  XmlElement,
  XmlEndTag,
  XmlNode,
  XmlParent,
  XmlProcessingInstruction,
  XmlText,
} from './ast';
