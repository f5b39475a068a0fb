// The IVR with three mistakes that only a real call would reveal, for the simulator's failing tests. Each is
// registered before the correct route, so Express answers with it:
//  - menu option 2 (데이터 서비스) opens a sub-menu whose Gather action points at a route that does not exist;
//  - the AI agent branch (1) answers with Content-Type text/xml instead of application/xml;
//  - the voicemail puts its <Record> inside the <Gather>, which the nesting rules forbid.
import { sendXml } from './ivr.mjs';

const BASE = 'https://your-server.com/ivr';

export function brokenRoutes(app) {
  app.post('/ivr/route', (req, res, next) => {
    if (req.body.Digits === '2') {
      return sendXml(res, `
      <Gather numDigits="1" timeout="6" action="${BASE}/data-menu">
        <Say language="ko-KR">데이터 잔여량은 1번, 부가서비스는 2번을 누르세요.</Say>
      </Gather>
    `);
    }
    if (req.body.Digits === '1') {
      return res.type('text/xml').send(`<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say language="ko-KR">AI 상담사에게 연결합니다.</Say>
  <Connect><Stream url="wss://your-server.com/ai/billing"/></Connect>
</Response>`);
    }
    next();
  });

  app.post('/ivr/voicemail', (req, res) => {
    sendXml(res, `
    <Gather numDigits="1" action="${BASE}/voicemail-done">
      <Record maxLength="60" finishOnKey="#" playBeep="true"/>
    </Gather>
    <Hangup/>
  `);
  });
}
