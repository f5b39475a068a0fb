/**
 * The call-flow index: routes read from each framework's code and joined across files (mounts through imports,
 * routers passed to functions, prefixes), the URLs VoiceML leads to resolved where the code says them, the
 * conditions on request parameters that label the steps, and incremental updates. The reference's IVR example,
 * split over two files, in Express and in Flask, gives exactly the steps of its flow.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { indexOf, routeLines, stepLines, uriOf, workspaceFiles } from '../support/flowWorkspace';
import { buildGraph, toDot, toMermaid } from '../../server/src/flow/graph';
import { lineStartsOf, movedLineStarts, type FlowIndex } from '../../server/src/flow/index';
import { changeBetween, type TextChange } from '../../server/src/document/change';
import { hostFor } from '../../server/src/hosts';
import { prng } from '../support/random';
import { fileRoutePath, joinPaths, matches, patternOf, pathOfUrl } from '../../server/src/flow/paths';

/** The steps of the reference's "통신사 콜센터 IVR" (its flow diagram, as its code writes it). */
const REFERENCE_STEPS = [
  '/ivr/enter → /ivr/lang [Gather]',
  '/ivr/enter → /ivr/enter [Redirect]',
  '/ivr/lang → /ivr/verify [Redirect not 2]',
  '/ivr/verify → /ivr/verify-2 [Gather]',
  '/ivr/verify → /ivr/enter [Redirect]',
  '/ivr/verify-2 → /ivr/menu [Gather]',
  '/ivr/verify-2 → /ivr/enter [Redirect]',
  '/ivr/menu → /ivr/route [Gather]',
  '/ivr/menu → /ivr/menu [Redirect]',
  '/ivr/route → /ivr/after-dial [Dial 3]',
  '/ivr/route → /ivr/after-dial [Dial 0]',
  '/ivr/route → /ivr/menu [Redirect not 1,3,0]',
  '/ivr/after-dial → /ivr/voicemail [Redirect not completed]',
  '/ivr/voicemail → /ivr/voicemail-done [Record]',
].sort();

const REFERENCE_ROUTES = ['enter', 'lang', 'verify', 'verify-2', 'menu', 'route', 'after-dial', 'voicemail', 'voicemail-done'].map((p) => `POST /ivr/${p}`).sort();

describe("the reference's IVR example, split over two files", () => {
  for (const folder of ['express-ivr', 'flask-ivr']) {
    test(`${folder}: every step of the flow and no other, each route under its prefix`, () => {
      const index = indexOf(workspaceFiles(folder));
      assert.deepEqual(routeLines(index), REFERENCE_ROUTES);
      assert.deepEqual(stepLines(index), REFERENCE_STEPS);
      assert.ok(index.steps().every((s) => s.certain && s.resolution === 'path'));
      assert.deepEqual(index.loops(), []);
    });
  }

  test('the graph: one node per route with its verbs, edges labelled, in each format', () => {
    const index = indexOf(workspaceFiles('express-ivr'));
    const graph = buildGraph(index, '/ws');
    assert.equal(graph.version, 1);
    assert.deepEqual(graph.nodes.map((n) => n.id).sort(), REFERENCE_ROUTES.map((r) => `route:${r.slice(5)}`).sort());
    const route = graph.nodes.find((n) => n.id === 'route:/ivr/route')!;
    assert.deepEqual(
      route.responses.map((r) => [r.when.map((w) => w.equals?.join() ?? `not ${w.otherThan}`).join(), r.verbs.map((v) => v.name).join(' ')]),
      [
        ['1', 'Say Connect'],
        ['3', 'Say Dial'],
        ['0', 'Dial'],
        ['not 1,3,0', 'Redirect'],
      ],
    );
    assert.equal(route.responses[0]!.verbs[1]!.children![0]!.label, 'Stream wss://your-server.com/ai/billing');
    assert.equal(route.handlers![0]!.file, 'routes/ivr.js');
    const dial = graph.edges.find((e) => e.verb === 'Dial' && e.when[0]?.equals?.[0] === '3')!;
    assert.deepEqual([dial.from, dial.to, dial.label, dial.url, dial.path, dial.match], ['route:/ivr/route', 'route:/ivr/after-dial', 'Dial · 3', '${BASE}/after-dial', '/ivr/after-dial', 'exact']);
    assert.equal(graph.edges.find((e) => e.from === 'route:/ivr/route' && e.verb === 'Redirect')!.label, 'Redirect · else');
    assert.equal(graph.edges.find((e) => e.from === 'route:/ivr/after-dial')!.label, 'Redirect · ≠ completed');
    const mermaid = toMermaid(graph);
    assert.match(mermaid, /^flowchart TD\n/);
    assert.equal(mermaid.match(/-->/g)?.length, 14);
    assert.ok(mermaid.includes('/ivr/route<br/>[1] Say #quot;AI 상담사에게 연결합니다.#quot;<br/>Stream wss://your-server.com/ai/billing'), mermaid);
    const dot = toDot(graph);
    assert.equal(dot.match(/ -> /g)?.length, 14);
    assert.ok(dot.includes('"route:/ivr/route" -> "route:/ivr/after-dial" [label="Dial · 3"];'), dot);
  });
});

describe('routes, by framework', () => {
  const handler = '(req, res) => res.send("")';
  test('Express: CommonJS mounts through require, route chains, arrays of paths, Router() from a destructured import', () => {
    const index = indexOf({
      'app.js': `const express = require('express');\nconst app = express();\napp.use('/ivr', require('./routes/ivr'));\nconst admin = require('./routes/admin');\napp.use('/admin', admin);\napp.route('/status').get(${handler}).post(${handler});\napp.get(['/a', '/b'], ${handler});`,
      'routes/ivr.js': `const { Router } = require('express');\nconst router = Router();\nrouter.post('/menu', ${handler});\nrouter.all('/any/:step', ${handler});\nmodule.exports = router;`,
      'routes/admin/index.ts': `import express from 'express';\nconst r = express.Router();\nr.delete('/users/:id', ${handler});\nexport default r;`,
    });
    assert.deepEqual(routeLines(index), ['* /ivr/any/:step', 'DELETE /admin/users/:id', 'GET /a', 'GET /b', 'GET /status', 'POST /ivr/menu', 'POST /status']);
  });

  test('Express: routers passed to functions, returned by them, and handlers imported from controllers', () => {
    const index = indexOf({
      'server.mjs': `import express from 'express';\nimport { ivrRoutes } from './ivr.mjs';\nimport makeApi from './api.mjs';\nimport voice from './voice.mjs';\nconst app = express();\nivrRoutes(app);\napp.use('/api', makeApi());\napp.post('/voice', voice.answer);`,
      'ivr.mjs': `export function ivrRoutes(app) {\n  app.post('/ivr/enter', ${handler});\n}`,
      'api.mjs': `import express from 'express';\nexport default function makeApi() {\n  const router = express.Router();\n  router.post('/hook', ${handler});\n  return router;\n}`,
      'voice.mjs': 'export default { answer };\nfunction answer(req, res) {\n  res.type("xml").send(`<Response><Redirect>/ivr/enter</Redirect></Response>`);\n}',
    });
    assert.deepEqual(routeLines(index), ['POST /api/hook', 'POST /ivr/enter', 'POST /voice']);
    assert.deepEqual(stepLines(index), ['/voice → /ivr/enter [Redirect]']);
  });

  test('Express: paths held by consts, also built from one another; a let is not followed', () => {
    const index = indexOf({
      'app.js': `const express = require('express');\nconst app = express();\nconst VOICE = '/voice';\nconst MENU = \`\${VOICE}/menu\`;\nconst STATUS = VOICE + '/status';\nlet later = '/later';\napp.post(VOICE, ${handler});\napp.post(MENU, ${handler});\napp.get(STATUS, ${handler});\napp.post(later, ${handler});\napp.post('/plain', ${handler});`,
    });
    assert.deepEqual(routeLines(index), ['GET /voice/status', 'POST /plain', 'POST /voice', 'POST /voice/menu', 'POST ?']);
  });

  test('Express: a router returned from inside if, try and loops counts; one returned by a function nested in it does not', () => {
    const index = indexOf({
      'server.mjs': `import express from 'express';\nimport makeAdmin from './admin.mjs';\nconst app = express();\napp.use('/admin', makeAdmin(true));`,
      'admin.mjs': `import express from 'express';\nconst router = express.Router();\nrouter.post('/users', ${handler});\nconst other = express.Router();\nother.post('/secret', ${handler});\nexport default function makeAdmin(enabled) {\n  [other].forEach(() => { return other; });\n  const pick = function () { return other; };\n  for (;;) {\n    try {\n      if (enabled) {\n        switch (1) { default: return router; }\n      }\n    } finally {}\n  }\n}`,
    });
    assert.deepEqual(routeLines(index), ['POST /admin/users', 'POST …/secret']);
  });

  test('Fastify plugins under a prefix, Koa routers, Hono sub-apps, Next.js route handlers', () => {
    const index = indexOf({
      'fastify.js': `const fastify = require('fastify')();\nfastify.register(require('./plugin'), { prefix: '/ivr' });\nfastify.route({ method: ['POST', 'GET'], url: '/hook', handler: ${handler} });`,
      'plugin.js': `module.exports = async function (fastify, opts) {\n  fastify.post('/menu', async (request, reply) => '');\n};`,
      'koa.js': `const Koa = require('koa');\nconst Router = require('@koa/router');\nconst app = new Koa();\nconst router = new Router({ prefix: '/koa' });\nrouter.post('/gather', async (ctx) => {});\napp.use(router.routes());`,
      'hono.ts': `import { Hono } from 'hono';\nconst app = new Hono();\nconst ivr = new Hono();\nivr.post('/step', (c) => c.text(''));\napp.route('/hono', ivr);`,
      'app/ivr/[step]/route.ts': 'export async function POST(request: Request) { return new Response(""); }\nexport const GET = () => new Response("");',
      'src/app/(voice)/menu/route.ts': 'export async function POST() { return new Response(""); }',
      'pages/api/voice.ts': 'export default function handler(req, res) { res.send(""); }',
      'components/Page.tsx': 'export default function Page() { return null; }',
    });
    assert.deepEqual(routeLines(index), ['* /api/voice', 'GET /ivr/[step]', 'POST /hono/step', 'POST /ivr/[step]', 'POST /ivr/menu', 'POST /koa/gather', 'POST /menu', 'POST,GET /hook'].sort());
  });

  test('not routes: HTTP clients, settings getters, plain values', () => {
    const index = indexOf({
      'client.js': `const axios = require('axios');\nimport request from 'supertest';\nconst api = axios.create();\naxios.post('/ivr/menu', { a: 1 });\napi.get('/users', (r) => r);\nrequest(app).post('/ivr/enter').send({});\nconst app = require('express')();\napp.get('env');\nconst cache = new Map();\ncache.get('/x', () => 1);\n$.post('/x', function (data) {});`,
    });
    assert.deepEqual(routeLines(index), []);
  });

  test('Flask: methods (GET when left out), blueprints and their prefixes, register_blueprint replacing one, add_url_rule, imports', () => {
    const index = indexOf({
      'app.py': 'from flask import Flask\nfrom .views import bp\nfrom blueprints import admin\napp = Flask(__name__)\napp.register_blueprint(bp)\napp.register_blueprint(admin.bp, url_prefix="/staff")\n\n@app.route("/voice")\ndef voice():\n    return ""\n\n@app.post("/gather")\ndef gather():\n    return ""\n\ndef status():\n    return ""\n\napp.add_url_rule("/status", view_func=status, methods=["POST", "GET"])',
      'views.py': 'from flask import Blueprint\nbp = Blueprint("ivr", __name__, url_prefix="/ivr")\n\n@bp.route("/menu", methods=("POST",))\ndef menu():\n    return ""',
      'blueprints/admin.py': 'from flask import Blueprint\nbp = Blueprint("admin", __name__, url_prefix="/admin")\n\n@bp.route("/<int:id>", methods=["POST"])\ndef user(id):\n    return ""',
    });
    assert.deepEqual(routeLines(index), ['GET /voice', 'POST /gather', 'POST /ivr/menu', 'POST /staff/<int:id>', 'POST,GET /status']);
  });

  test('FastAPI: APIRouter prefixes joined with include_router prefixes, api_route, a router passed to a function', () => {
    const index = indexOf({
      'main.py': 'from fastapi import FastAPI\nfrom routers import ivr\nfrom setup import register\napp = FastAPI()\napp.include_router(ivr.router, prefix="/v1")\nregister(app)\n\n@app.api_route("/both", methods=["GET", "POST"])\nasync def both():\n    return ""',
      'routers/ivr.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/ivr")\n\n@router.post("/menu/{step}")\nasync def menu(step: str):\n    return ""',
      'setup.py': 'def register(app):\n    @app.post("/registered")\n    def registered():\n        return ""',
    });
    assert.deepEqual(routeLines(index), ['GET,POST /both', 'POST /registered', 'POST /v1/ivr/menu/{step}']);
  });

  test('a router mounted nowhere the workspace shows is under an unknown prefix, matched by its end', () => {
    const index = indexOf({
      'routes.js': `const router = require('express').Router();\nrouter.post('/lang', ${handler});\nrouter.post('/enter', (req, res) => res.send(\`<Response><Gather action="/ivr/lang"/><Redirect>/ivr/enter</Redirect></Response>\`));\nmodule.exports = router;`,
    });
    assert.deepEqual(routeLines(index), ['POST …/enter', 'POST …/lang']);
    assert.deepEqual(stepLines(index), ['…/enter → …/enter [Redirect]', '…/enter → …/lang [Gather]']);
    assert.ok(index.steps().every((s) => !s.certain));
  });

  test('many routers mounted nowhere: a step guesses at most 16 of them, in file order, and stays uncertain', () => {
    const files: Record<string, string> = { 'app.js': `require('express')().post('/start', (req, res) => res.send(\`<Response><Redirect>/t3/lang</Redirect></Response>\`));` };
    for (let i = 0; i < 40; i++) files[`r${String(i).padStart(2, '0')}.js`] = `const router = require('express').Router();\nrouter.post('/lang', ${handler});\nmodule.exports = router;`;
    const index = indexOf(files);
    const [step] = index.steps();
    assert.equal(step!.to.length, 16);
    assert.deepEqual(step!.to.map((r) => r.uri), Object.keys(files).slice(1, 17).map(uriOf));
    assert.ok(!step!.certain);
  });
});

describe('targets: URLs resolved as far as the code says', () => {
  test('constants, relative paths, absolute URLs, queries; an unknown front matched by the end; unknown otherwise', () => {
    const index = indexOf({
      'app.ts': [
        "import express from 'express';",
        'const app = express();',
        "const HOST = 'https://example.com';",
        'const BASE = `${HOST}/ivr`;',
        'app.post("/ivr/menu", (req, res) => {',
        '  const next = req.body.next;',
        '  res.send(`<Response><Gather action="${BASE}/route?x=1&amp;y=2"/><Gather action="route"/><Redirect>${process.env.PUBLIC_URL}/ivr/menu</Redirect><Redirect>${next}</Redirect><Redirect>https://other.example/ivr/menu#top</Redirect></Response>`);',
        '});',
        'app.post("/ivr/route", (req, res) => res.send(""));',
      ].join('\n'),
    });
    const steps = index.steps().map((s) => [s.target.written, s.resolution, s.path, s.to.map((r) => r.path).join()]);
    assert.deepEqual(steps, [
      ['${BASE}/route?x=1&y=2', 'path', '/ivr/route', '/ivr/route'],
      ['route', 'path', '/ivr/route', '/ivr/route'],
      ['${process.env.PUBLIC_URL}/ivr/menu', 'tail', '/ivr/menu', '/ivr/menu'],
      ['${next}', 'unknown', undefined, ''],
      ['https://other.example/ivr/menu#top', 'path', '/ivr/menu', '/ivr/menu'],
    ]);
  });

  test('Python: f-strings with module constants, .format, string concatenation; names bound twice are unknown', () => {
    const index = indexOf({
      'app.py': [
        'from flask import Flask',
        'app = Flask(__name__)',
        'BASE = "https://example.com" + "/ivr"',
        'LATER = "/a"',
        'LATER = "/b"',
        '@app.route("/ivr/menu", methods=["POST"])',
        'def menu():',
        '    return f"""<Response><Gather action="{BASE}/menu"/><Redirect>{LATER}</Redirect></Response>"""',
        '@app.route("/ivr/two", methods=["POST"])',
        'def two():',
        '    return """<Response><Redirect>{}/menu</Redirect></Response>""".format(BASE)',
      ].join('\n'),
    });
    assert.deepEqual(
      index.steps().map((s) => [s.target.written, s.resolution, s.path]),
      [
        ['{BASE}/menu', 'path', '/ivr/menu'],
        ['{LATER}', 'unknown', undefined],
        ['{}/menu', 'path', '/ivr/menu'],
      ],
    );
  });

  test("responses built with the helper library: the parts of an option the code does not say are unknown, the rest read as a template's", () => {
    const index = indexOf({
      'app.ts': [
        "import express from 'express';",
        "import twilio from 'twilio';",
        'const VoiceResponse = twilio.twiml.VoiceResponse;',
        'const app = express();',
        'const BASE = process.env.PUBLIC_URL;',
        "const HOST = 'https://example.com';",
        'app.post("/ivr/menu", (req, res) => {',
        '  const next = req.body.next;',
        '  const r = new VoiceResponse();',
        "  r.gather({ numDigits: 1, action: `${BASE}/ivr/route` });",
        "  r.redirect(BASE + '/ivr/menu');",
        '  r.redirect(next);',
        "  r.redirect(`${HOST}/ivr/route`);",
        '  res.type("application/xml").send(r.toString());',
        '});',
        'app.post("/ivr/route", (req, res) => res.send(""));',
      ].join('\n'),
      'app.py': [
        'import os',
        'from flask import Flask',
        'from twilio.twiml.voice_response import VoiceResponse',
        'app = Flask(__name__)',
        'BASE = os.environ["PUBLIC_URL"]',
        '@app.route("/py/menu", methods=["POST"])',
        'def menu():',
        '    r = VoiceResponse()',
        '    r.gather(num_digits=1, action=f"{BASE}/py/menu")',
        '    r.redirect(BASE + "/py/menu")',
        '    return str(r)',
      ].join('\n'),
    });
    assert.deepEqual(
      index.steps().map((s) => [s.target.written, s.resolution, s.path, s.to.map((r) => r.path).join()]),
      [
        ['…/py/menu', 'tail', '/py/menu', '/py/menu'],
        ['…/py/menu', 'tail', '/py/menu', '/py/menu'],
        ['…/ivr/route', 'tail', '/ivr/route', '/ivr/route'],
        ['…/ivr/menu', 'tail', '/ivr/menu', '/ivr/menu'],
        ['…', 'unknown', undefined, ''],
        ['https://example.com/ivr/route', 'path', '/ivr/route', '/ivr/route'],
      ],
    );
  });
});

describe('targets of an .xml file, read from its tree', () => {
  test('a body of one text or CDATA around comments and white space, an attribute by its first value; nothing for anything else', () => {
    const text = [
      '<Response>',
      '  <Gather action="/a?x=1&amp;y=2" action="/twice"/>',
      '  <Record action/>',
      '  <Dial action="  "/>',
      '  <Redirect> <!-- next --> /b </Redirect>',
      '  <Redirect><![CDATA[/c?d=1&e=2]]></Redirect>',
      '  <Redirect>/d<!-- split -->/e</Redirect>',
      '  <Redirect><![CDATA[/f]]>/g</Redirect>',
      '  <Redirect><?pi x?></Redirect>',
      '  <Redirect><![CDATA[/unclosed</Redirect>',
      '</Response>',
    ].join('\n');
    const index = indexOf({ 'menu.xml': text });
    const targets = index.stepsIn(uriOf('menu.xml')).map(({ target }) => [target.verb, text.slice(target.start, target.end), target.url, text.slice(target.element, target.element + 9)]);
    assert.deepEqual(targets, [
      ['Gather', '/a?x=1&amp;y=2', '/a?x=1&y=2', '<Gather a'],
      ['Redirect', '/b', '/b', '<Redirect'],
      ['Redirect', '/c?d=1&e=2', '/c?d=1&e=2', '<Redirect'],
    ]);
  });
});

describe('conditions on request parameters label the steps', () => {
  test('JS: switch and case, else, what follows an if that returns, destructured parameters, form.get', () => {
    const index = indexOf({
      'app.js': [
        "const app = require('express')();",
        "app.post('/a', (req, res) => {",
        '  switch (req.body.Digits) {',
        "    case '1':",
        "    case '2': return res.send(`<Response><Redirect>/one</Redirect></Response>`);",
        "    default: return res.send(`<Response><Redirect>/other</Redirect></Response>`);",
        '  }',
        '});',
        "app.post('/b', (req, res) => {",
        '  const { DialCallStatus: status } = req.body;',
        "  if (status !== 'completed') { res.send(`<Response><Redirect>/retry</Redirect></Response>`); } else { res.send(`<Response><Redirect>/done</Redirect></Response>`); }",
        '});',
        "app.post('/c', async (req, res) => {",
        '  const form = await req.formData();',
        "  if (form.get('Digits') === '9' || form.get('Digits') === '8') return res.send(`<Response><Redirect>/nine</Redirect></Response>`);",
        '  res.send(`<Response><Redirect>/rest</Redirect></Response>`);',
        '});',
        "app.post('/d', (req, res) => {",
        "  if (req.body.Unrelated === 'x') return res.send(`<Response><Redirect>/x</Redirect></Response>`);",
        '});',
      ].join('\n'),
    });
    assert.deepEqual(
      index.steps().map((s) => `${s.target.written} ${s.when.map((w) => `${w.parameter}${w.equals ? '=' + w.equals : '≠' + w.otherThan}`).join(' ')}`),
      ['/one Digits=1,2', '/other Digits≠1,2', '/retry DialCallStatus≠completed', '/done DialCallStatus=completed', '/nine Digits=9,8', '/rest Digits≠9,8', '/x '],
    );
  });

  test('Python: if, elif, else, in, match and case, FastAPI Form parameters', () => {
    const index = indexOf({
      'app.py': [
        'from fastapi import FastAPI, Form',
        'app = FastAPI()',
        '@app.post("/a")',
        'async def a(Digits: str = Form(None)):',
        '    if Digits == "1":',
        '        return "<Response><Redirect>/one</Redirect></Response>"',
        '    elif Digits in ("2", "3"):',
        '        return "<Response><Redirect>/two</Redirect></Response>"',
        '    else:',
        '        return "<Response><Redirect>/else</Redirect></Response>"',
        '@app.post("/b")',
        'async def b(request):',
        '    form = await request.form()',
        '    match form.get("DialCallStatus"):',
        '        case "busy" | "no-answer":',
        '            return "<Response><Redirect>/voicemail</Redirect></Response>"',
        '        case _:',
        '            return "<Response><Hangup/></Response>"',
      ].join('\n'),
    });
    assert.deepEqual(
      index.steps().map((s) => `${s.target.written} ${s.when.map((w) => `${w.parameter}${w.equals ? '=' + w.equals : '≠' + w.otherThan}`).join(' ')}`),
      ['/one Digits=1', '/two Digits=2,3', '/else Digits≠1,2,3', '/voicemail DialCallStatus=busy,no-answer'],
    );
  });
});

describe('the index follows changes', () => {
  test('a file updated or removed changes the routes and the steps that reach them; queries about a file analyse it first', () => {
    const files = workspaceFiles('express-ivr');
    const index = indexOf(files);
    const app = uriOf('app.js');
    index.update(app, files['app.js']!.replace("app.use('/ivr', ivr);", "app.use('/voice', ivr);"), 'javascript');
    assert.equal(index.pending, 1);
    assert.deepEqual(index.routesIn(app), []);
    assert.equal(index.pending, 0);
    assert.ok(routeLines(index).every((r) => r.startsWith('POST /voice/')));
    assert.ok(index.steps().every((s) => s.to.length === 0), 'the URLs still say /ivr/…');
    index.remove(app);
    assert.ok(routeLines(index).every((r) => r.startsWith('POST …/')));
    const generation = index.generation;
    index.update(app, files['app.js']!, 'javascript');
    index.work(Infinity);
    assert.notEqual(index.generation, generation);
    assert.deepEqual(stepLines(index), REFERENCE_STEPS);
  });

  test('after edits that keep the routes, the join brought up to date equals a join from scratch', () => {
    const files = { ...workspaceFiles('express-ivr') };
    const index = indexOf(files);
    const menu = (): unknown => index.routes().find((r) => r.path === '/ivr/menu');
    const before = menu();
    const edit = (file: string, text: string | undefined): void => {
      if (text === undefined) {
        delete files[file];
        index.remove(uriOf(file));
      } else {
        files[file] = text;
        index.update(uriOf(file), text, file.endsWith('.xml') ? 'xml' : 'javascript');
      }
      index.work(Infinity);
      // From scratch with the files in the order they came, and in the opposite order: the same join.
      for (const fresh of [indexOf(files), indexOf(Object.fromEntries(Object.entries(files).reverse()))]) {
        // Everything a picture or a finding reads: routes, steps with their conditions and places, loops.
        assert.deepEqual(buildGraph(index, '/ws'), buildGraph(fresh, '/ws'), `after editing ${file}`);
        assert.deepEqual(index.loops().map((l) => l.paths), fresh.loops().map((l) => l.paths));
        // Each route's steps in and out, in the same order (the code lens names the first ones).
        const around = (of: FlowIndex): string[][] =>
          of.routes().map((r) => [...of.incoming(r), ...of.outgoing(r)].map((s) => `${s.uri}:${s.target.start}→${s.to.map((t) => t.path).join()}`));
        assert.deepEqual(around(index), around(fresh));
      }
    };
    const text = (): string => files['routes/ivr.js']!;
    // A file without routes comes, leading to /ivr/menu; lines typed above the routes: every span moves; a URL
    // misspelt, then a condition on Digits added.
    edit('more.xml', '<Response><Redirect>https://your-server.com/ivr/menu</Redirect></Response>');
    edit('routes/ivr.js', text().replace('// 진입점', '// 진입점\n// 한 줄 더\n'));
    edit('routes/ivr.js', text().replace('${BASE}/lang', '${BASE}/lnag'));
    edit('routes/ivr.js', text().replace("if (req.body.Digits === '2')", "if (req.body.Digits === '2' || req.body.Digits === '9')"));
    assert.equal(menu(), before, 'the routes were kept, not made anew');
    // The file goes; /ivr/menu and /ivr/route redirect to each other only.
    edit('more.xml', undefined);
    edit('routes/ivr.js', text().replace(/ivr\.post\('\/menu'[\s\S]*?\n\}\);/, "ivr.post('/menu', (req, res) => sendXml(res, `<Redirect>${BASE}/route</Redirect>`));"));
    edit('routes/ivr.js', text().replace(/ivr\.post\('\/route'[\s\S]*?\n\}\);/, "ivr.post('/route', (req, res) => sendXml(res, `<Redirect>${BASE}/menu</Redirect>`));"));
    assert.equal(index.loops().length, 1);
    assert.equal(menu(), before);
    // A route registered with get instead: another topology, joined from scratch.
    edit('routes/ivr.js', text().replace("ivr.post('/lang'", "ivr.get('/lang'"));
    assert.notEqual(menu(), before);
  });

  test('a keystroke in the text of a response only moves its file: the index says so, from the generation before it alone', () => {
    const files = workspaceFiles('express-ivr');
    const index = indexOf(files);
    const uri = uriOf('routes/ivr.js');
    const host = hostFor('javascript')!;
    let text = files['routes/ivr.js']!;
    let regions = host.findRegions(text, 'javascript');
    index.update(uri, text, 'javascript', regions);
    index.routesIn(uri);
    // Types `typed` after the first `after` in the file, as an editor's host reads it: the regions moved from the ones before.
    const type = (after: string, typed: string): TextChange => {
      const at = text.indexOf(after) + after.length;
      text = text.slice(0, at) + typed + text.slice(at);
      regions = host.findRegions(text, 'javascript', regions);
      index.update(uri, text, 'javascript', regions);
      return { start: at, end: at, newEnd: at + typed.length };
    };
    // The generation once the file is analysed and joined (as a validation leaves it).
    const settled = (): number => {
      index.routesIn(uri);
      return index.generation;
    };
    let generation = settled();
    const said = type('<Say language="ko-KR">안녕하세요', '!');
    assert.deepEqual(index.movedSince(uri, generation), said);
    assert.equal(index.movedSince(uriOf('app.js'), generation), undefined, 'another file');
    assert.equal(index.movedSince(uri, generation - 1), undefined, 'from an older generation');
    // Typed into the URL a <Gather> leads to (its text, as the first keystroke's): the step resolves otherwise.
    generation = settled();
    type('action="${BASE}/lang', 'x');
    assert.equal(index.movedSince(uri, generation), undefined);
    // Typed into code.
    generation = settled();
    type("ivr.post('/enter', (req, res) => {", ' ');
    assert.equal(index.movedSince(uri, generation), undefined);
    // Two keystrokes in text, each analysed, with no join between: the index tells one step only.
    generation = settled();
    type('<Say language="ko-KR">안녕하세요', '1');
    index.analyzeNow(uri);
    type('<Say language="ko-KR">안녕하세요', '2');
    assert.equal(index.movedSince(uri, generation), undefined);
    assert.equal(index.movedSince(uri, generation + 1), undefined, 'the join came after both');
    generation = settled();
    const third = type('<Say language="ko-KR">안녕하세요', '3');
    assert.deepEqual(index.movedSince(uri, generation), third, 'the next keystroke is told again');
    // Another file analysed after the keystroke.
    generation = settled();
    type('<Say language="ko-KR">안녕하세요', '.');
    index.update(uriOf('app.js'), files['app.js']! + '\n', 'javascript');
    index.work(Infinity);
    assert.equal(index.movedSince(uri, generation), undefined);
  });

  test('incoming: the verbs that lead to a route, in one call', () => {
    const index = indexOf(workspaceFiles('express-ivr'));
    const verbsInto = (path: string): string[] => index.incoming(index.routes().find((r) => r.path === path)!).map((s) => s.target.verb).sort();
    assert.deepEqual(verbsInto('/ivr/after-dial'), ['Dial', 'Dial']);
    assert.deepEqual(verbsInto('/ivr/voicemail-done'), ['Record']);
    assert.deepEqual(verbsInto('/ivr/enter'), ['Redirect', 'Redirect', 'Redirect']);
    assert.deepEqual(verbsInto('/ivr/route'), ['Gather']);
  });
});

describe('paths', () => {
  test('patterns of each framework match paths', () => {
    const match = (pattern: string, path: string): boolean => matches(patternOf(pattern), path.split('/').filter(Boolean));
    assert.ok(match('/ivr/:step', '/ivr/menu'));
    assert.ok(!match('/ivr/:step', '/ivr/menu/x'));
    assert.ok(match('/ivr/:step?', '/ivr'));
    assert.ok(match('/gather/<int:n>', '/gather/3'));
    assert.ok(match('/files/<path:p>', '/files/a/b/c'));
    assert.ok(match('/a/{id}', '/a/1'));
    assert.ok(match('/docs/{p:path}', '/docs/x/y'));
    assert.ok(match('/blog/[...slug]', '/blog/a/b'));
    assert.ok(match('*', '/anything/at/all'));
    assert.ok(!match('/ivr/menu', '/ivr/manu'));
    assert.equal(joinPaths('/ivr/', '/', 'lang/'), '/ivr/lang');
    assert.equal(pathOfUrl('../x', '/ivr/menu/a'), '/ivr/x');
    assert.equal(pathOfUrl('mailto:x@y'), undefined);
    assert.equal(fileRoutePath('/p/src/app/(group)/ivr/@slot/route.ts', 'POST'), '/ivr');
    assert.equal(fileRoutePath('/p/app/_private/route.ts', 'POST'), undefined);
    assert.equal(fileRoutePath('/p/pages/api/index.ts', 'default'), '/api');
  });
});

test('line starts moved past a change are those of the changed text read again', () => {
  const random = prng(0x11e5);
  const pieces = ['\n', '\r\n', '\n\n', 'a', '안녕', ' ', '<Say>', '\r', ''];
  let text = Array.from({ length: 400 }, () => random.pick(pieces)).join('');
  let starts = lineStartsOf(text);
  assert.deepEqual([...lineStartsOf('')], [0]);
  assert.deepEqual([...lineStartsOf('a\nb\r\n\n')], [0, 2, 5, 6]);
  for (let k = 0; k < 2000; k++) {
    // Typed, deleted or replaced anywhere: at the start, at the end, across line breaks.
    const start = random.int(text.length + 1);
    const end = Math.min(text.length, start + (random.next() < 0.5 ? 0 : random.int(12)));
    const typed = Array.from({ length: random.int(4) }, () => random.pick(pieces)).join('');
    const next = text.slice(0, start) + typed + text.slice(end);
    const change = changeBetween(text, next);
    if (change) {
      const moved = movedLineStarts(starts, change, next);
      assert.deepEqual([...moved], [...lineStartsOf(next)], `keystroke ${k}`);
      starts = moved;
    }
    text = next;
  }
});
