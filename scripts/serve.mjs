// Serves the built app on localhost and prints its URL (the second half of `npm start`).
import { preview } from 'vite';

const port = Number(process.env.PORT ?? 4173);
const server = await preview({ preview: { port, strictPort: false, host: 'localhost' } });
const url = server.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
console.log(`\nSession Orchestrator is running at ${url}\nPress Ctrl+C to stop.`);
