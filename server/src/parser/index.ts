/** The tolerant XML parser: `parseXml`, the tree it builds, and the messages for its errors. */
export { isXmlSpace, parseXml } from './parser';
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
