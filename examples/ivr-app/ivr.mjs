// The reference's full example, "통신사 콜센터 IVR": identity check → multi-level menu → AI agent stream /
// agent Dial / voicemail. The routes are the reference's own code; `ivrStream` is its WebSocket server for
// <Connect><Stream>, attached to the same HTTP server so one port serves both.
import { WebSocketServer } from 'ws';

const BASE = 'https://your-server.com/ivr';
const xml = (body) => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${body}</Response>`;
export const sendXml = (res, body) => res.type('xml').send(xml(body));

export function ivrRoutes(app) {
  // 진입점
  const enter = (req, res) => {
    sendXml(res, `
    <Say language="ko-KR">안녕하세요. 상담 품질 향상을 위해 통화 내용이 녹음됩니다.</Say>
    <Gather numDigits="1" timeout="5" action="${BASE}/lang">
      <Say language="ko-KR">한국어는 1번, English press 2.</Say>
    </Gather>
    <Redirect>${BASE}/enter</Redirect>
  `);
  };
  app.post('/ivr/enter', enter);
  // A number's webhook can also be set to GET (the parameters come in the query string).
  app.get('/ivr/enter', enter);

  // 언어 선택
  app.post('/ivr/lang', (req, res) => {
    if (req.body.Digits === '2') {
      return sendXml(res, `<Say language="en-US">English service unavailable.</Say><Hangup/>`);
    }
    sendXml(res, `<Redirect>${BASE}/verify</Redirect>`);
  });

  // 본인확인 1단계: 휴대폰 뒷 4자리 (numDigits=4 라 # 안눌러도 4자리 채우면 즉시 진행)
  app.post('/ivr/verify', (req, res) => {
    sendXml(res, `
    <Gather numDigits="4" timeout="8" action="${BASE}/verify-2">
      <Say language="ko-KR">가입하신 휴대폰 뒷 네 자리를 누르세요.</Say>
    </Gather>
    <Redirect>${BASE}/enter</Redirect>
  `);
  });

  // 본인확인 2단계: 생년월일 6자리
  app.post('/ivr/verify-2', (req, res) => {
    // req.body.Digits = 휴대폰 뒷 4자리. 세션/Redis 에 보관 후 DB 조회.
    sendXml(res, `
    <Gather numDigits="6" timeout="10" action="${BASE}/menu">
      <Say language="ko-KR">생년월일 여섯 자리를 누르세요.</Say>
    </Gather>
    <Redirect>${BASE}/enter</Redirect>
  `);
  });

  app.post('/ivr/menu', (req, res) => {
    sendXml(res, `
    <Gather numDigits="1" timeout="6" action="${BASE}/route">
      <Say language="ko-KR">
        본인 확인이 완료되었습니다.
        요금 조회는 1번, 데이터 서비스는 2번, 분실 신고는 3번,
        상담원 연결은 0번, 메뉴를 다시 들으시려면 별표를 눌러주세요.
      </Say>
    </Gather>
    <Redirect>${BASE}/menu</Redirect>
  `);
  });

  app.post('/ivr/route', (req, res) => {
    const d = req.body.Digits;

    if (d === '1') {
      // 요금조회 AI 상담사 — WebSocket 스트림 연결
      return sendXml(res, `
      <Say language="ko-KR">AI 상담사에게 연결합니다.</Say>
      <Connect>
        <Stream url="wss://your-server.com/ai/billing">
          <Parameter name="topic" value="billing"/>
        </Stream>
      </Connect>
    `);
    }

    if (d === '3') {
      // 분실/도난 — 즉시 상담원 Dial
      return sendXml(res, `
      <Say language="ko-KR">분실 신고는 즉시 상담원에게 연결됩니다.</Say>
      <Dial timeout="30" action="${BASE}/after-dial" callerId="07012340001">
        <Number>01099991111</Number>
      </Dial>
    `);
    }

    if (d === '0') {
      return sendXml(res, `
      <Dial timeout="30" action="${BASE}/after-dial" callerId="07012340001">
        <Number>01099991111</Number>
      </Dial>
    `);
    }

    // '*' 또는 기타 → 메뉴 재안내
    return sendXml(res, `<Redirect>${BASE}/menu</Redirect>`);
  });

  app.post('/ivr/after-dial', (req, res) => {
    // DialCallStatus: completed / busy / no-answer / failed / canceled
    if (req.body.DialCallStatus === 'completed') {
      return sendXml(res, `<Hangup/>`);
    }
    // busy / no-answer / failed → 음성사서함으로
    sendXml(res, `
    <Say language="ko-KR">현재 상담원이 모두 통화 중입니다. 신호음 후 메시지를 남겨주세요.</Say>
    <Redirect>${BASE}/voicemail</Redirect>
  `);
  });

  app.post('/ivr/voicemail', (req, res) => {
    sendXml(res, `
    <Record maxLength="60" finishOnKey="#" playBeep="true" action="${BASE}/voicemail-done"/>
    <Say language="ko-KR">메시지가 저장되지 않았습니다.</Say>
    <Hangup/>
  `);
  });

  app.post('/ivr/voicemail-done', (req, res) => {
    // req.body.RecordingUrl     — 24시간 유효 GCS 서명 URL (그대로 GET 다운로드 가능)
    // req.body.RecordingDuration — 녹음 길이 (초)
    // req.body.Digits            — 녹음을 종료시킨 키 (#)
    console.log('voicemail saved:', {
      callId: req.body.CallId,
      url: req.body.RecordingUrl,
      duration: req.body.RecordingDuration,
    });
    sendXml(res, `
    <Say language="ko-KR">메시지가 접수되었습니다. 빠른 시일 내에 연락드리겠습니다.</Say>
    <Hangup/>
  `);
  });
}

// AI 상담사 — WebSocket Stream (the reference's section 4), on the HTTP server's port at /ai/billing.
export function ivrStream(server) {
  const wss = new WebSocketServer({ server, path: '/ai/billing' });
  wss.on('connection', (ws) => {
    let streamSid, callSid;
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.event === 'start') {
        streamSid = msg.start.streamId;
        callSid = msg.start.callId;
        console.log('stream started:', { streamId: streamSid, callId: callSid, parameters: msg.start.customParameters });
        return;
      }
      if (msg.event === 'stop') {
        console.log('stream stopped:', { streamId: streamSid });
      }
    });
  });
  return wss;
}
