/**
 * The reference's IVR example with one fault planted in each copy — the mistakes code ported from TwiML makes in
 * its handlers: `req.body.CallSid`, `DialCallStatus === 'answered'`, `res.type('text/xml')`, and `Digits` read in
 * a voicemail-done route no `<Record>` leads to. In Express (test/fixtures/ivr.js, one file) and in Flask
 * (test/fixtures/flow/flask-ivr, an app and a blueprint). Each fault gets exactly one finding: `marked` is the
 * text it stands on, `fixed` what the line reads once its fix is applied (no fix: undefined).
 */
import { readFileSync } from 'node:fs';
import { fixtureFiles } from './flowWorkspace';

export interface Planted {
  name: string;
  /** The workspace: relative path → text. */
  files: Record<string, string>;
  /** The file holding the fault. */
  file: string;
  rule: string;
  /** The text the finding stands on, and the text of the line around it (to find it). */
  marked: string;
  line: string;
  /** What `line` reads after the fix; undefined when the rule offers none. */
  fixed: string | undefined;
}

/** A fault: the replacements that plant it (in order, each once), and where its one finding stands. */
interface Fault extends Omit<Planted, 'files' | 'file'> {
  plant: [string, string][];
}

/** Each fault planted in its own copy of `files`, in `file`. */
function planted(files: Readonly<Record<string, string>>, file: string, faults: readonly Fault[]): Planted[] {
  return faults.map(({ plant, ...fault }) => {
    let text = files[file]!;
    for (const [from, to] of plant) {
      if (!text.includes(from)) throw new Error(`the IVR fixture no longer holds ${JSON.stringify(from)}: update test/support/plantedIvr.ts`);
      text = text.replace(from, to);
    }
    return { ...fault, files: { ...files, [file]: text }, file };
  });
}

export const EXPRESS_IVR = readFileSync(new URL('../fixtures/ivr.js', import.meta.url), 'utf8');

export function plantedExpress(): Planted[] {
  return planted({ 'ivr.js': EXPRESS_IVR }, 'ivr.js', [
    { name: 'req.body.CallSid', plant: [['callId: req.body.CallId,', 'callId: req.body.CallSid,']], rule: 'twiml-parameter', line: 'callId: req.body.CallSid,', marked: 'CallSid', fixed: 'callId: req.body.CallId,' },
    {
      name: "DialCallStatus === 'answered'",
      plant: [["req.body.DialCallStatus === 'completed'", "req.body.DialCallStatus === 'answered'"]],
      rule: 'invalid-parameter-value',
      line: "if (req.body.DialCallStatus === 'answered') {",
      marked: 'answered',
      fixed: "if (req.body.DialCallStatus === 'completed') {",
    },
    {
      name: "res.type('text/xml')",
      plant: [["res.type('xml')", "res.type('text/xml')"]],
      rule: 'response-content-type',
      line: "const sendXml = (res, body) => res.type('text/xml').send(xml(body));",
      marked: 'text/xml',
      fixed: "const sendXml = (res, body) => res.type('application/xml').send(xml(body));",
    },
    {
      // The Record leads to /ivr/voicemail-saved now; /ivr/voicemail-done is left over, and reads the key that ended a recording.
      name: 'Digits without a Record',
      plant: [
        ['action="${BASE}/voicemail-done"', 'action="${BASE}/voicemail-saved"'],
        ["app.post('/ivr/voicemail-done'", "app.post('/ivr/voicemail-saved'"],
        [
          "app.post('/ivr/voicemail-saved'",
          "app.post('/ivr/voicemail-done', (req, res) => {\n  console.log('voicemail ended with', req.body.Digits);\n  sendXml(res, `<Hangup/>`);\n});\n\napp.post('/ivr/voicemail-saved'",
        ],
      ],
      rule: 'parameter-not-sent',
      line: "  console.log('voicemail ended with', req.body.Digits);",
      marked: 'Digits',
      fixed: undefined,
    },
  ]);
}

export const FLASK_IVR = fixtureFiles('flask-ivr');

export function plantedFlask(): Planted[] {
  return planted(FLASK_IVR, 'ivr.py', [
    { name: 'request.form.get("CallSid")', plant: [['request.form.get("CallId")', 'request.form.get("CallSid")']], rule: 'twiml-parameter', line: 'request.form.get("CallSid")', marked: 'CallSid', fixed: 'request.form.get("CallId")' },
    {
      name: 'DialCallStatus == "answered"',
      plant: [['request.form["DialCallStatus"] == "completed"', 'request.form["DialCallStatus"] == "answered"']],
      rule: 'invalid-parameter-value',
      line: 'if request.form["DialCallStatus"] == "answered":',
      marked: 'answered',
      fixed: 'if request.form["DialCallStatus"] == "completed":',
    },
    {
      name: '{"Content-Type": "text/xml"}',
      plant: [['{"Content-Type": "application/xml"}', '{"Content-Type": "text/xml"}']],
      rule: 'response-content-type',
      line: '<Response>{body}</Response>""", 200, {"Content-Type": "text/xml"}',
      marked: 'text/xml',
      fixed: '<Response>{body}</Response>""", 200, {"Content-Type": "application/xml"}',
    },
    {
      name: 'Digits without a Record',
      plant: [
        ['action="{BASE}/voicemail-done"', 'action="{BASE}/voicemail-saved"'],
        ['@bp.route("/voicemail-done", methods=["POST"])', '@bp.route("/voicemail-saved", methods=["POST"])'],
        [
          '@bp.route("/voicemail-saved", methods=["POST"])',
          '@bp.route("/voicemail-done", methods=["POST"])\ndef voicemail_ended():\n    print("voicemail ended with", request.form.get("Digits"))\n    return xml("""<Hangup/>""")\n\n\n@bp.route("/voicemail-saved", methods=["POST"])',
        ],
      ],
      rule: 'parameter-not-sent',
      line: '    print("voicemail ended with", request.form.get("Digits"))',
      marked: 'Digits',
      fixed: undefined,
    },
  ]);
}
