// Starts the IVR example: `npm run example` (port 3000, or PORT), `--broken` for the variant with mistakes.
// Listens on 127.0.0.1 only and prints one line per request, so you see what the platform (or
// `voiceml call`) sent.
import express from 'express';
import { ivrRoutes, ivrStream } from './ivr.mjs';
import { brokenRoutes } from './broken.mjs';

const broken = process.argv.includes('--broken');
const app = express();
app.use(express.urlencoded({ extended: false }));
app.use((req, res, next) => {
  const params = { ...req.query, ...req.body };
  const shown = Object.entries(params)
    .filter(([name]) => !['CallId', 'AccountId', 'CallStatus', 'Direction'].includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  console.log(`${req.method} ${req.path}${shown ? ' ' + shown : ''}`);
  next();
});
if (broken) brokenRoutes(app);
ivrRoutes(app);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`IVR example${broken ? ' (broken variant)' : ''} on http://127.0.0.1:${actual}/ivr/enter`);
});
ivrStream(server);
