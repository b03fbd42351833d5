// The portal end to end: its HTTP API, and the page in real headless Chromium (Debian's
// `chromium` driven by playwright-core). The server binds to 127.0.0.1 on an ephemeral port.
// A screenshot of the rendered findings goes to test-output/portal.png (repository root).
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'

import { createPortal } from '../server.mjs'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const MAX_BODY = 64 * 1024

let server
let base

before(async () => {
  server = createPortal({ maxBodyBytes: MAX_BODY })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { address, port } = server.address()
  assert.equal(address, '127.0.0.1', 'the test server binds to loopback only')
  base = `http://127.0.0.1:${port}`
})

after(() => new Promise((resolve) => server.close(resolve)))

async function post(body, query = '') {
  const response = await fetch(`${base}/api/evaluate${query}`, { method: 'POST', body })
  return { status: response.status, body: await response.json() }
}

test('POST /api/evaluate returns the report of a docker inspect document', async () => {
  const sample = await (await fetch(`${base}/api/sample`)).text()
  const { status, body } = await post(sample, '?source=hosts.json')
  assert.equal(status, 200)
  assert.equal(body.summary.subjects, 2)
  assert.equal(typeof body.evaluated_at, 'number')
  const privileged = body.findings.find((f) => f.code === 'CFG001')
  assert.equal(privileged.subject.name, 'hello')
  assert.deepEqual(privileged.location, { source: 'hosts.json', pointer: '/1/HostConfig/Privileged' })
})

test('bad input is a 400 with the error code and pointer', async () => {
  const typed = await post('[{"Id": "x", "HostConfig": {"Privileged": "yes"}}]')
  assert.equal(typed.status, 400)
  assert.equal(typed.body.error.code, 'ERR_HULLCHECK_INVALID_INPUT')
  assert.equal(typed.body.error.problem, 'type')
  assert.equal(typed.body.error.pointer, '/0/HostConfig/Privileged')
  const syntax = await post('{"Id": ')
  assert.equal(syntax.status, 400)
  assert.equal(syntax.body.error.problem, 'syntax')
  const policy = await post('[]', '?fail_on=urgent')
  assert.equal(policy.status, 400)
  assert.equal(policy.body.error.code, 'ERR_HULLCHECK_POLICY')
})

test('a body over the size limit is a 413, declared or streamed', async () => {
  const big = '[' + ' '.repeat(MAX_BODY) + ']'
  const declared = await post(big)
  assert.equal(declared.status, 413)
  assert.equal(declared.body.error.code, 'ERR_PORTAL_TOO_LARGE')
  // Without a Content-Length (chunked upload), the limit is enforced while reading.
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(MAX_BODY / 2)))
      controller.close()
    },
  })
  const response = await fetch(`${base}/api/evaluate`, { method: 'POST', body: stream, duplex: 'half' })
  assert.equal(response.status, 413)
  const wrongMethod = await fetch(`${base}/api/evaluate`)
  assert.equal(wrongMethod.status, 405)
})

test('the page checks the built-in sample in headless Chromium', async (t) => {
  if (!existsSync(CHROMIUM)) {
    assert.fail(`${CHROMIUM} is missing: install Debian's chromium package (scripts/test-node.sh does)`)
  }
  const profile = mkdtempSync(join(tmpdir(), 'hullcheck-portal-chromium-'))
  // A fresh, empty profile directory for every run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  t.after(async () => {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  page.on('console', (m) => {
    // The bad paste below is answered with a 400 on purpose; anything else is a fault.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) pageErrors.push(m.text())
  })

  await page.goto(base + '/')
  assert.equal(await page.title(), 'hullcheck portal')
  await page.click('#load-sample')
  await page.waitForFunction(() => document.getElementById('document').value.includes('"HostConfig"'))
  await page.click('#check')
  await page.waitForSelector('#findings tbody tr[data-code="CFG001"]')

  const rows = await page.$$eval('#findings tbody tr', (trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())),
  )
  const cfg001 = rows.find((cells) => cells[1].startsWith('CFG001'))
  assert.ok(cfg001, `no CFG001 row in ${JSON.stringify(rows)}`)
  assert.equal(cfg001[0], 'critical')
  assert.match(cfg001[1], /privileged-container/)
  assert.equal(cfg001[2], 'hello')
  assert.match(cfg001[3], /privileged/)
  assert.match(cfg001[4], /--privileged/)
  // Only the privileged container of the two fails CFG001.
  assert.equal(rows.filter((cells) => cells[1].startsWith('CFG001')).length, 1)
  assert.match(await page.textContent('#summary'), /in 2 container\(s\).*Gate \(fail on low\): failed/)

  const outDir = join(repoRoot, 'test-output')
  mkdirSync(outDir, { recursive: true })
  const shot = join(outDir, 'portal.png')
  await page.screenshot({ path: shot, fullPage: true })
  assert.ok(statSync(shot).size > 10_000, 'the screenshot has content')

  // A bad paste shows the error code and pointer instead of a table.
  await page.fill('#document', '[{"Id": "x", "HostConfig": "privileged"}]')
  await page.click('#check')
  await page.waitForSelector('#error:not([hidden])')
  const error = await page.textContent('#error')
  assert.match(error, /ERR_HULLCHECK_INVALID_INPUT/)
  assert.match(error, /at \/0\/HostConfig/)
  assert.equal(await page.isHidden('#results'), true)
  await page.screenshot({ path: join(outDir, 'portal-error.png'), fullPage: true })

  // Uploading a file checks it at once.
  const upload = Buffer.from(JSON.stringify([{ Id: 'u1', Name: '/uploaded', HostConfig: { Privileged: true } }]))
  await page.setInputFiles('#file', { name: 'uploaded.json', mimeType: 'application/json', buffer: upload })
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#findings tbody tr')].some((tr) => tr.cells[2]?.textContent === 'uploaded'),
  )
  assert.equal(await page.isHidden('#error'), true)

  assert.deepEqual(pageErrors, [])
})
