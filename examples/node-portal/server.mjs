// A small web portal over hullcheck, on Node's own `http` module: a page where a user pastes or
// uploads `docker inspect` JSON and sees the findings, and `POST /api/evaluate` returning the
// report JSON. Evaluation runs on the libuv thread pool (`evaluate`), so one large upload does
// not stall other requests.
//
//   node server.mjs                    # http://127.0.0.1:8080
//   HOST=127.0.0.1 PORT=0 node server.mjs
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { evaluate, version } from 'hullcheck'

const here = dirname(fileURLToPath(import.meta.url))
const SAMPLE = join(here, '..', '..', 'tests', 'corpus', 'container-inspect', 'rekcod_inspect_hostnet_privileged_array.json')

/** The largest request body `POST /api/evaluate` accepts, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS, ...extra })
  res.end(body)
}

function sendJson(res, status, value, extra) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra)
}

function sendError(res, status, code, message, details = {}) {
  sendJson(res, status, { error: { code, message, ...details } })
}

/** Reads the request body up to `limit` bytes; resolves to null when the body is larger. */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      resolve(null)
      req.resume()
      return
    }
    const chunks = []
    let size = 0
    let over = false
    req.on('data', (chunk) => {
      if (over) return
      size += chunk.length
      if (size > limit) {
        over = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

async function apiEvaluate(req, res, url, maxBodyBytes) {
  if (req.method !== 'POST') {
    sendError(res, 405, 'ERR_PORTAL_METHOD', 'use POST', {})
    return
  }
  const body = await readBody(req, maxBodyBytes)
  if (body === null) {
    sendError(res, 413, 'ERR_PORTAL_TOO_LARGE', `the request body is larger than ${maxBodyBytes} bytes`, {
      limit: maxBodyBytes,
    })
    return
  }
  const source = (url.searchParams.get('source') || 'upload').slice(0, 200)
  const options = { now: new Date() }
  const policy = url.searchParams.get('fail_on')
  if (policy) options.policy = { fail_on: policy }
  try {
    const report = await evaluate({ source, content: body }, options)
    sendJson(res, 200, report)
  } catch (e) {
    if (typeof e?.code === 'string' && e.code.startsWith('ERR_HULLCHECK_')) {
      const { code, message, problem, pointer, line, column } = e
      sendError(res, 400, code, message, { problem, pointer, source: e.source, line, column })
    } else {
      sendError(res, 500, 'ERR_PORTAL_INTERNAL', 'evaluation failed')
    }
  }
}

/** Creates the portal's HTTP server (not yet listening). */
export function createPortal({ maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = {}) {
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://portal.invalid')
      if (url.pathname === '/api/evaluate') {
        await apiEvaluate(req, res, url, maxBodyBytes)
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, 405, 'ERR_PORTAL_METHOD', 'use GET')
      } else if (url.pathname === '/api/sample') {
        send(res, 200, 'application/json; charset=utf-8', await readFile(SAMPLE, 'utf8'))
      } else if (url.pathname === '/api/version') {
        sendJson(res, 200, { hullcheck: version(), maxBodyBytes })
      } else if (STATIC[url.pathname]) {
        const [file, type] = STATIC[url.pathname]
        send(res, 200, type, await readFile(join(here, 'public', file), 'utf8'))
      } else {
        sendError(res, 404, 'ERR_PORTAL_NOT_FOUND', 'no such page')
      }
    } catch {
      if (!res.headersSent) sendError(res, 500, 'ERR_PORTAL_INTERNAL', 'internal error')
      else res.destroy()
    }
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const host = process.env.HOST || '127.0.0.1'
  const port = Number(process.env.PORT ?? 8080)
  const server = createPortal()
  server.listen(port, host, () => {
    const { address, port: bound } = server.address()
    console.log(`hullcheck portal on http://${address}:${bound}/`)
  })
}
