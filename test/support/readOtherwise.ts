/**
 * A keystroke the fuzzer found (run seed 37) where the templates' scan and TypeScript read a broken file
 * otherwise: a NUL in a `${…}` makes TypeScript's recovery read the backquotes after it otherwise than the
 * scan, so text the scan holds inside a template is code to TypeScript. The keystroke (from `previous` to `text`)
 * was taken for one in a response's text, and the file's routes moved instead of read again: the route at the
 * end stayed a route, where TypeScript now reads it inside a template. Its findings kept two unknown-routes a
 * fresh analysis has not (with /ivr/voicemail-done gone, no route serves /ivr/…: the workspace cannot tell what
 * is missing there). Driven through the service (`fuzz-regressions.test.ts`) and the server
 * (`protocol/equivalence.test.ts`).
 */
export const TEMPLATE_READ_OTHERWISE = {
  languageId: 'typescript',
  previous:
    "const app = express();\nconst BASE = 'https://your-server.com/ivr';\n  sendXml(res, `\n    <Redirect>${BASE}/enter</Redirect`);\n  sendXml(res, `\n    <Redirect>${BASE\u0000}/enter</Redirect>\n  `);\n    return sendXml(res, `\n      <Say language=\"ko-KR\">AI 상담사에게 연결합니다.</Say>\n즉시 상담원에게 연결됩니다.</Say>\n      <Dial timeout=\"30\" actio    `);\n  return sendXml(res, `<Redirect>${BASE}/menu</Redirect>`);\napp.post('/ivr/voicemail-done', (req, res) 안녕하세요=> {\n",
  text:
    "const app = express();\nconst BASE = 'https://your-server.com/ivr';\n  sendXml(res, `\n    <Redirect>${BASE}/enter</Redirect`);\n  sendXml(res, `\n    <Redirect>${BASE\u0000}/enter</Redirect>\n  `);\n    return sendXml(res, `\n      <Say language=\"ko-KR\">AI 상담사에게 연결합니다.</Say>\n&#1114112;즉시 상담원에    `);\n  return sendXml(res, `<Redirect>${BASE}/menu</Redirect>`);\napp.post('/ivr/voicemail-done', (req, res) 안녕하세요=> {\n",
};
