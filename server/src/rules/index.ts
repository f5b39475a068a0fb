/**
 * Every rule, in the order their findings are listed. Each rule lives in the file named after it; its
 * diagnostics have its name as their code, `voiceml.rules.<name>` sets its severity, and `docs/rules/<name>.md`
 * documents it.
 */
import type { Rule } from './rule';
import { changedDefault } from './changed-default';
import { injection } from './injection';
import { childCount } from './child-count';
import { conflictingBody } from './conflicting-body';
import { foreignNumber } from './foreign-number';
import { invalidAttributeValue } from './invalid-attribute-value';
import { invalidBody } from './invalid-body';
import { invalidChild } from './invalid-child';
import { missingAttribute } from './missing-attribute';
import { missingBody } from './missing-body';
import { recommendedAttribute } from './recommended-attribute';
import { rejectNotFirst } from './reject-not-first';
import { rootElement } from './root-element';
import { sayLanguage } from './say-language';
import { textNotAllowed } from './text-not-allowed';
import { twimlAttribute } from './twiml-attribute';
import { twimlElement } from './twiml-element';
import { twimlValue } from './twiml-value';
import { twilioUrl } from './twilio-url';
import { unknownAttribute } from './unknown-attribute';
import { unknownElement } from './unknown-element';
import { unreachableVerb } from './unreachable-verb';
import { websocketUrl } from './websocket-url';
import { xmlSyntax } from './xml-syntax';
import { gatherTimeoutEnd } from './gather-timeout-end';
import { redirectLoop } from './redirect-loop';
import { routeMethod } from './route-method';
import { unknownRoute } from './unknown-route';
import { responseSize } from './response-size';
import { twimlParameter } from './twiml-parameter';
import { unknownParameter } from './unknown-parameter';
import { parameterNotSent } from './parameter-not-sent';
import { invalidParameterValue } from './invalid-parameter-value';
import { responseContentType } from './response-content-type';
import { nonVoicemlResponse } from './non-voiceml-response';
import { twilioSignature } from './twilio-signature';

export const rules: readonly Rule[] = [
  xmlSyntax,
  rootElement,
  unknownElement,
  twimlElement,
  invalidChild,
  childCount,
  textNotAllowed,
  missingBody,
  invalidBody,
  conflictingBody,
  unknownAttribute,
  twimlAttribute,
  missingAttribute,
  invalidAttributeValue,
  twimlValue,
  foreignNumber,
  websocketUrl,
  twilioUrl,
  rejectNotFirst,
  unreachableVerb,
  sayLanguage,
  recommendedAttribute,
  changedDefault,
  responseSize,
  gatherTimeoutEnd,
  injection,
  unknownRoute,
  routeMethod,
  redirectLoop,
  twimlParameter,
  unknownParameter,
  parameterNotSent,
  invalidParameterValue,
  responseContentType,
  nonVoicemlResponse,
  twilioSignature,
];

export const ruleNames: readonly string[] = rules.map((r) => r.name);

export type { Rule, Severity, Problem, Fix, Edit } from './rule';
