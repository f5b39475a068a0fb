/**
 * Generates a realistic TypeScript webhook server of a given size: Express handlers answering with VoiceML
 * from template literals (the reference's IVR style), among ordinary code and templates that are not
 * VoiceML (log lines, an HTML page, SQL). For the benchmark and large-input tests.
 */

const HEAD = `import express, { type Request, type Response } from 'express';
import { escapeXml } from './xml';

const app = express();
app.use(express.urlencoded({ extended: false }));

const BASE = 'https://your-server.com/ivr';
const AGENT = \`\${BASE}/agent\`;
const xml = (body: string) => \`<?xml version="1.0" encoding="UTF-8"?>\\n<Response>\${body}</Response>\`;
const sendXml = (res: Response, body: string) => res.type('xml').send(xml(body));

`;

/** One block: some plain code, then a handler with three VoiceML templates (and one log template). */
function block(i: number): string {
  return `interface Caller${i} {
  id: number;
  name: string;
  history: Array<{ at: Date; digits: string }>;
}

function score${i}(caller: Caller${i}, weight = 2): number {
  let total = 0;
  for (const entry of caller.history) total += entry.digits.length * weight / 3;
  return Math.round(total) + caller.name.length;
}

app.post('/ivr/step${i}', (req: Request, res: Response) => {
  const d = req.body.Digits;
  const name = String(req.body.From ?? '');
  console.log(\`step ${i}: caller \${req.body.From} pressed \${d}\`);
  if (d === '${i % 10}') {
    return sendXml(res, \`<Say language="ko-KR">\${escapeXml(name)}님, 상담원에게 연결합니다.</Say><Hangup/>\`);
  }
  if (d === '*') {
    return sendXml(res, \`
      <Dial timeout="30" action="\${BASE}/after-dial/${i}" callerId="07012340001">
        <Number>01099991111</Number>
      </Dial>
    \`);
  }
  sendXml(res, \`
    <Gather numDigits="1" timeout="6" action="\${BASE}/step${i}">
      <Say language="ko-KR">
        요금 조회는 1번, 데이터 서비스는 2번, 분실 신고는 3번을 눌러주세요.
      </Say>
    </Gather>
    <Redirect>\${AGENT}/menu</Redirect>
  \`);
});

`;
}

// The routes the handlers' steps lead to: the file is a whole app, clean of flow findings too.
const TAIL = `app.post('/ivr/route/:step', (req: Request, res: Response) => {
  sendXml(res, \`<Say language="ko-KR">\${escapeXml(String(req.params.step))}번 메뉴입니다.</Say><Hangup/>\`);
});

app.post('/ivr/after-dial/:step', (_req: Request, res: Response) => sendXml(res, \`<Hangup/>\`));

app.post('/ivr/agent/menu', (_req: Request, res: Response) => {
  sendXml(res, \`<Say language="ko-KR">상담원 메뉴입니다.</Say><Hangup/>\`);
});

app.get('/status', (_req: Request, res: Response) => {
  res.send(\`<!doctype html><html><body><div class="status">ok</div></body></html>\`);
});

const report = (table: string) => \`SELECT id, name FROM \${table} WHERE created_at > now() - interval '1 day'\`;
export { app, report };
`;

/** A TypeScript file of about `chars` UTF-16 code units. Every VoiceML template in it is clean. */
export function generateScript(chars: number): string {
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

/** The offset of a place to type in: inside the `<Say>` text of the middle handler's Gather. */
export function typingSpot(text: string): number {
  const marker = '요금 조회는 1번';
  let at = text.indexOf(marker, Math.floor(text.length / 2));
  if (at < 0) at = text.indexOf(marker);
  if (at < 0) throw new Error('no <Say> text to type in');
  return at + marker.length;
}

/** A place in code in the middle of the file, no string near: inside the name of a helper's local variable. */
export function codeSpot(text: string): number {
  const marker = 'let tot';
  const at = text.indexOf(marker, Math.floor(text.length / 2));
  if (at < 0) throw new Error('no helper to type in');
  return at + marker.length;
}

/** One block of ordinary server code with no VoiceML and no builder: generics and comparisons (`<` that is no
 *  tag), log and SQL templates, an HTML string glued from pieces, a regular expression. */
function plainBlock(i: number): string {
  return `interface Order${i} {
  id: number;
  items: Array<{ sku: string; qty: number }>;
  placed: Map<string, Date>;
}

export function total${i}<T extends Order${i}>(order: T, limit = ${i % 7 + 3}): number {
  let sum = 0;
  for (let k = 0; k < order.items.length && k < limit; k++) sum += order.items[k]!.qty;
  return sum > 100 ? 100 : sum;
}

app.get('/orders/${i}', async (req: Request, res: Response) => {
  const rows = await db.query(\`SELECT id, sku, qty FROM orders WHERE id = \${Number(req.params.id)} AND qty < ${i % 50}\`);
  console.log(\`order ${i}: \${rows.length} rows for \${req.ip}\`);
  const badge = '<span class="badge">' + rows.length + '</span>';
  if (!/^[0-9]+$/.test(String(req.params.id))) return res.status(400).json({ error: 'bad id' });
  res.send(\`<!doctype html><html><body><h1>Order ${i}</h1>\${badge}<ul>\${rows.map((r: { sku: string }) => \`<li>\${r.sku}</li>\`).join('')}</ul></body></html>\`);
});

`;
}

/** A TypeScript file of about `chars` UTF-16 code units with no VoiceML in it: what most files of a project
 *  are, and what the tools should pass over almost for free. */
export function generatePlainScript(chars: number): string {
  const head = `import express, { type Request, type Response } from 'express';\nimport { db } from './db';\n\nconst app = express();\n\n`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < chars; i++) {
    const next = plainBlock(i);
    parts.push(next);
    size += next.length;
  }
  parts.push('export { app };\n');
  return parts.join('');
}
