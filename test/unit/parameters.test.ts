/**
 * The platform's request parameters as data (`schemas/webhook.json`): the TwiML names it never sends, each
 * with the VoiceML name of the same value or what to do instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callbacksSending, parameterNames, requestHeader, requestParameter, twimlHeader, twimlParameter, twimlValue, webhook } from '../../server/src/model/webhook';

test('TwiML names are none of the platform’s, and each one’s VoiceML name is one it sends', () => {
  for (const twiml of webhook.twiml.parameters) {
    assert.ok(!parameterNames.includes(twiml.name), `${twiml.name} is sent by the platform`);
    if (twiml.voiceml !== undefined) assert.ok(parameterNames.includes(twiml.voiceml), `${twiml.name} → ${twiml.voiceml}`);
    else assert.ok(twiml.alternative, `${twiml.name} says what to do instead`);
  }
  for (const header of webhook.twiml.headers) {
    assert.equal(requestHeader(header.name), undefined);
    if (header.voiceml !== undefined) assert.ok(requestHeader(header.voiceml), `${header.name} → ${header.voiceml}`);
  }
  for (const value of webhook.twiml.values) {
    const sent = callbacksSending(value.parameter)[0]?.spec ?? requestParameter(value.parameter);
    assert.ok(sent?.values, `${value.parameter} has a list of values`);
    assert.ok(!sent.values.some((v) => v.value === value.value), `${value.value} is not one of them`);
    if (value.voiceml !== undefined) assert.ok(sent.values.some((v) => v.value === value.voiceml));
  }
  assert.equal(new Set(webhook.twiml.parameters.map((p) => p.name)).size, webhook.twiml.parameters.length, 'no name twice');
});

test('the issue’s names: CallSid → CallId, AccountSid → AccountId, X-Twilio-Signature → X-Signature; SpeechResult, Confidence, CallerName have none', () => {
  assert.equal(twimlParameter('CallSid')?.voiceml, 'CallId');
  assert.equal(twimlParameter('AccountSid')?.voiceml, 'AccountId');
  assert.equal(twimlHeader('x-twilio-signature')?.voiceml, 'X-Signature');
  for (const name of ['SpeechResult', 'Confidence', 'CallerName']) {
    assert.ok(twimlParameter(name), name);
    assert.equal(twimlParameter(name)!.voiceml, undefined, name);
  }
  assert.equal(twimlValue('DialCallStatus', 'answered')?.voiceml, 'completed');
  assert.equal(twimlParameter('Digits'), undefined, 'Digits is VoiceML too');
});

test('who sends what: every request’s six, Digits from Gather and Record, DialCallStatus from Dial with its five values', () => {
  assert.deepEqual(parameterNames, ['CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction', 'Digits', 'RecordingUrl', 'RecordingDuration', 'DialCallStatus']);
  assert.deepEqual(callbacksSending('Digits').map((c) => c.callback.verb), ['Gather', 'Record']);
  assert.deepEqual(callbacksSending('DialCallStatus')[0]!.spec.values!.map((v) => v.value), ['completed', 'busy', 'no-answer', 'failed', 'canceled']);
  assert.equal(callbacksSending('From').length, 0);
  assert.ok(requestParameter('From'));
});
