/**
 * Generates a realistic Python webhook server of a given size: Flask handlers answering with VoiceML from
 * triple-quoted strings, f-strings, `.format` and `%` formatting (the reference's style), among ordinary code
 * and strings that are not VoiceML (log lines, an HTML page, SQL, docstrings). For the benchmark and
 * large-input tests.
 */

const HEAD = `"""IVR webhooks for the customer centre."""
import os
import logging
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from flask import Flask, Response, request

app = Flask(__name__)
log = logging.getLogger(__name__)
BASE = os.environ.get("IVR_BASE_URL", "https://your-server.com/ivr")
AGENT = f"{BASE}/agent"


def xml(body: str) -> Response:
    return Response(f'<?xml version="1.0" encoding="UTF-8"?>\\n<Response>{body}</Response>', mimetype="application/xml")

`;

/** One block: some plain code, then a handler with four VoiceML strings (and non-VoiceML strings around). */
function block(i: number): string {
  return `
@dataclass
class Caller${i}:
    """A caller of step ${i}: the digits pressed so far."""
    number: str
    history: list[str] = field(default_factory=list)

    def score(self, weight: float = 2.0) -> int:
        total = sum(len(digits) * weight / 3 for digits in self.history if digits.isdigit())
        return round(total) + len(self.number)


@app.route("/ivr/step${i}", methods=["POST"])
def step${i}():
    digits = request.form.get("Digits", "")
    name = escape(request.form.get("From", "고객"))
    caller = Caller${i}(request.form.get("From", ""), [digits])
    log.info("step ${i}: caller %s pressed %s (score %d)", caller.number, digits, caller.score())
    if digits == "${i % 10}":
        return xml(f'<Say language="ko-KR">{name}님, 상담원에게 연결합니다.</Say><Hangup/>')
    if digits == "*":
        return xml("""
    <Dial timeout="30" action="{base}/after-dial/${i}" callerId="07012340001">
      <Number>01099991111</Number>
    </Dial>""".format(base=BASE))
    if digits == "#":
        return xml('<Redirect>%s/menu</Redirect>' % AGENT)
    return Response(f"""<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="1" timeout="6" action="{BASE}/step${i}">
    <Say language="ko-KR">
      요금 조회는 1번, 데이터 서비스는 2번, 분실 신고는 3번을 눌러주세요.
    </Say>
  </Gather>
  <Redirect>{AGENT}/menu</Redirect>
</Response>""", mimetype="application/xml")

`;
}

const TAIL = `@app.route("/status")
def status():
    return '<!doctype html><html><body><div class="status">ok</div></body></html>'


def report(table: str) -> str:
    return f"SELECT id, name FROM {table} WHERE created_at > now() - interval '1 day'"
`;

/** A Python file of about `chars` UTF-16 code units. Every VoiceML string in it is clean. */
export function generatePython(chars: number): string {
  const parts = [HEAD];
  let size = HEAD.length + TAIL.length;
  for (let i = 0; size < chars; i++) {
    const next = block(i);
    parts.push(next);
    size += next.length;
  }
  parts.push(TAIL);
  return parts.join('');
}
