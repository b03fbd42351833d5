// evaluateStream (lazy, one document at a time, over iterables and async iterables) and
// evaluateMany / evaluateBatch (bundles over the libuv thread pool).
import assert from 'node:assert/strict'
import { createReadStream, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { test } from 'node:test'

import { evaluate, evaluateBatch, evaluateMany, evaluateStream, evaluateSync } from '../index.mjs'
import { repoRoot } from './helpers.mjs'

const NOW = 1767225600
const ONLY_CFG001 = { select: ['CFG001'] }
const privileged = { Id: 'c1', Name: '/priv', HostConfig: { Privileged: true } }
const plain = { Id: 'c2', Name: '/web', HostConfig: { Privileged: false } }

function container(i) {
  return {
    Id: `${i}`.padStart(12, '0'),
    Name: `/c${i}`,
    HostConfig: { Privileged: i % 3 === 0, CapAdd: i % 2 ? ['NET_ADMIN'] : null },
    Config: { Image: `registry.example/app:${i}`, Env: [`N=${i}`] },
  }
}

const corpusDir = join(repoRoot, 'tests', 'corpus', 'container-inspect')
const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => readFileSync(join(corpusDir, name), 'utf8'))

async function collect(stream) {
  const out = []
  for await (const report of stream) out.push(report)
  return out
}

// --- evaluateStream ----------------------------------------------------------------------------

test('a stream over a generator of 10,000 documents pulls one item per report', async () => {
  let pulled = 0
  function* documents() {
    for (let i = 0; i < 10_000; i++) {
      pulled++
      yield JSON.stringify(container(i))
    }
  }
  const stream = evaluateStream(documents(), { policy: ONLY_CFG001 })
  assert.equal(pulled, 0, 'nothing is pulled before the first next()')
  let consumed = 0
  let maxAhead = 0
  let findings = 0
  for await (const report of stream) {
    consumed++
    maxAhead = Math.max(maxAhead, pulled - consumed)
    findings += report.findings.length
    assert.equal(report.subjects[0].source, `input[${consumed - 1}]`)
  }
  assert.equal(consumed, 10_000)
  assert.equal(pulled, 10_000)
  assert.equal(maxAhead, 0)
  assert.equal(findings, Math.ceil(10_000 / 3))
})

test('an NDJSON file read with readline: blank lines skipped, lines named by number', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-stream-'))
  const file = join(dir, 'fleet.ndjson')
  const lines = [JSON.stringify(privileged), '', JSON.stringify(plain), '   ', JSON.stringify(container(3))]
  writeFileSync(file, `${lines.join('\n')}\n`)
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
  const reports = await collect(evaluateStream(rl, { policy: ONLY_CFG001, now: NOW, source: 'fleet.ndjson' }))
  assert.deepEqual(
    reports.map((r) => r.subjects[0].source),
    ['fleet.ndjson:1', 'fleet.ndjson:3', 'fleet.ndjson:5'],
  )
  assert.deepEqual(
    reports.map((r) => r.findings.length),
    [1, 0, 1],
  )
  for (const r of reports) assert.equal(r.evaluated_at, NOW)
})

test('mixed strings, Buffers, objects and items equal evaluate() per document', async () => {
  const items = corpus.map((text, i) => [text, Buffer.from(text), JSON.parse(text)][i % 3])
  items.push({ source: 'named.json', content: privileged })
  items.push({ content: JSON.stringify(plain), kind: 'container' })
  async function* asyncItems() {
    for (const item of items) yield item
  }
  const reports = await collect(evaluateStream(asyncItems(), { now: NOW }))
  assert.equal(reports.length, items.length)
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    const alone = item.content !== undefined ? { source: item.source ?? `input[${i}]`, ...item } : { source: `input[${i}]`, content: item }
    assert.deepEqual(reports[i], evaluateSync(alone, { now: NOW }), `item ${i}`)
    assert.deepEqual(reports[i], await evaluate(alone, { now: NOW }), `item ${i}`)
  }
  assert.equal(reports.at(-2).subjects[0].source, 'named.json')
  assert.equal(reports.at(-1).subjects[0].source, `input[${items.length - 1}]`)
  assert.ok(reports.some((r) => r.findings.length > 0))
})

test('a bad item rejects naming it, and the stream goes on', async () => {
  const items = [...Array(7).fill(JSON.stringify(privileged)), '{"Id": "x", "HostConfig": "no"}', JSON.stringify(plain), JSON.stringify(plain)]
  const stream = evaluateStream(items, { policy: ONLY_CFG001 })
  for (let i = 0; i < 7; i++) assert.equal((await stream.next()).done, false)
  await assert.rejects(stream.next(), (err) => {
    assert.equal(err.code, 'ERR_HULLCHECK_INVALID_INPUT')
    assert.equal(err.source, 'input[7]')
    assert.equal(err.pointer, '/HostConfig')
    assert.match(err.message, /input\[7\]/)
    return true
  })
  const rest = await collect(stream)
  assert.deepEqual(
    rest.map((r) => r.subjects[0].source),
    ['input[8]', 'input[9]'],
  )
  // In a for await loop the rejection ends the loop with that error.
  await assert.rejects(collect(evaluateStream(['{', JSON.stringify(plain)])), { code: 'ERR_HULLCHECK_INVALID_INPUT', source: 'input[0]' })
})

test('empty sources, blank-only sources and wrong arguments', async () => {
  assert.deepEqual(await collect(evaluateStream([])), [])
  assert.deepEqual(await collect(evaluateStream((function* () {})())), [])
  assert.deepEqual(await collect(evaluateStream(['', '\n', Buffer.from(' \r\n')])), [])
  for (const wrong of [42, null, undefined, {}, true]) {
    assert.throws(() => evaluateStream(wrong), { code: 'ERR_HULLCHECK_USAGE', message: /iterable/ })
  }
  // One document is not a stream (a string is iterable, character by character).
  assert.throws(() => evaluateStream('{}'), { code: 'ERR_HULLCHECK_USAGE', message: /one document/ })
  assert.throws(() => evaluateStream(Buffer.from('{}')), { code: 'ERR_HULLCHECK_USAGE' })
  assert.throws(() => evaluateStream([], 'options'), { code: 'ERR_HULLCHECK_USAGE' })
  assert.throws(() => evaluateStream([], { source: 3 }), { code: 'ERR_HULLCHECK_USAGE' })
  await assert.rejects(collect(evaluateStream([JSON.stringify(plain), 5])), { code: 'ERR_HULLCHECK_USAGE', message: /^input\[1\] must be/ })
  await assert.rejects(collect(evaluateStream([JSON.stringify(plain)], { kind: 'vm' })), { code: 'ERR_HULLCHECK_USAGE', message: /unknown document kind/ })
  await assert.rejects(collect(evaluateStream([JSON.stringify(plain)], { colour: 'red' })), { code: 'ERR_HULLCHECK_USAGE', message: /unknown option/ })
})

test('errors of the source propagate, and return() closes it', async () => {
  async function* failing() {
    yield JSON.stringify(plain)
    throw new Error('disk gone')
  }
  const stream = evaluateStream(failing())
  assert.equal((await stream.next()).done, false)
  await assert.rejects(stream.next(), /disk gone/)

  let closed = false
  function* endless() {
    try {
      for (let i = 0; ; i++) yield JSON.stringify(container(i))
    } finally {
      closed = true
    }
  }
  let seen = 0
  for await (const report of evaluateStream(endless())) {
    assert.equal(report.summary.subjects, 1)
    if (++seen === 3) break
  }
  assert.equal(closed, true, 'breaking out of the loop closes the source')
})

test('concurrent next() calls are served in order', async () => {
  const stream = evaluateStream(Array.from({ length: 20 }, (_, i) => container(i)))
  const results = await Promise.all(Array.from({ length: 22 }, () => stream.next()))
  assert.deepEqual(
    results.slice(0, 20).map((r) => r.value.subjects[0].name),
    Array.from({ length: 20 }, (_, i) => `c${i}`),
  )
  assert.deepEqual(
    results.slice(20).map((r) => r.done),
    [true, true],
  )
})

// --- evaluateMany / evaluateBatch --------------------------------------------------------------

function bundles(n) {
  return Array.from({ length: n }, (_, i) => {
    const text = corpus[i % corpus.length]
    switch (i % 5) {
      case 0:
        return text
      case 1:
        return Buffer.from(text)
      case 2:
        return JSON.parse(text)
      case 3:
        return [text, JSON.stringify(container(i))]
      default:
        return { source: `host-${i}.json`, content: [container(i), container(i + 1)] }
    }
  })
}

test('evaluateMany gives evaluateSync per bundle, in order, at any concurrency', async () => {
  const batch = bundles(300)
  const expected = batch.map((b) => evaluateSync(b, { now: NOW }))
  assert.ok(new Set(expected.map((r) => JSON.stringify(r))).size > 10, 'the bundles differ, so order matters')
  for (const concurrency of [undefined, 1, 2, 3, 64]) {
    const got = await evaluateMany(batch, { now: NOW, concurrency })
    assert.equal(got.length, expected.length)
    assert.deepEqual(got, expected, `concurrency ${concurrency}`)
  }
  assert.deepEqual(await evaluateBatch(batch.slice(0, 50), { now: NOW }), expected.slice(0, 50))
})

test('evaluateMany with concurrency 1 and 2 gives identical JSON', async () => {
  const batch = Array.from({ length: 1000 }, (_, i) => JSON.stringify(container(i)))
  const options = { policy: { fail_on: 'critical' }, now: NOW }
  const one = await evaluateMany(batch, { ...options, concurrency: 1 })
  const two = await evaluateMany(batch, { ...options, concurrency: 2 })
  assert.equal(JSON.stringify(one), JSON.stringify(two))
  assert.equal(one.filter((r) => !r.passed).length, Math.ceil(1000 / 3))
})

test('evaluateMany takes any iterable, and an empty one', async () => {
  assert.deepEqual(await evaluateMany([]), [])
  const reports = await evaluateMany(new Set([JSON.stringify(container(1)), JSON.stringify(container(2))]))
  assert.deepEqual(
    reports.map((r) => r.subjects[0].name),
    ['c1', 'c2'],
  )
})

test('the first bad bundle by index rejects, naming its index', async () => {
  const batch = Array(600).fill(JSON.stringify(plain))
  batch[413] = '{"Id": "x", "HostConfig": "no"}'
  batch[307] = '[1, 2'
  batch[590] = '{'
  for (const concurrency of [1, 2, 4]) {
    await assert.rejects(evaluateMany(batch, { concurrency }), (err) => {
      assert.equal(err.code, 'ERR_HULLCHECK_INVALID_INPUT')
      assert.equal(err.bundle, 307, `concurrency ${concurrency}`)
      assert.match(err.message, /^bundles\[307\]: invalid input `input`/)
      assert.equal(err.source, 'input')
      return true
    })
  }
  // A bundle that cannot be read at all (a number) names its index too.
  await assert.rejects(evaluateMany([JSON.stringify(plain), 7], { concurrency: 1 }), { code: 'ERR_HULLCHECK_USAGE', bundle: 1, message: /^bundles\[1\]: / })
  await assert.rejects(evaluateBatch([JSON.stringify(plain), '{']), { code: 'ERR_HULLCHECK_INVALID_INPUT', bundle: 1 })
  // Errors of other calls carry no bundle index.
  await assert.rejects(evaluate('{'), (err) => err.bundle === undefined)
})

test('evaluateMany: wrong arguments', async () => {
  await assert.rejects(evaluateMany(5), { code: 'ERR_HULLCHECK_USAGE', message: /bundles must be/ })
  await assert.rejects(evaluateMany('[]'), { code: 'ERR_HULLCHECK_USAGE' })
  await assert.rejects(evaluateMany([], { concurrency: 0 }), { code: 'ERR_HULLCHECK_USAGE', message: /concurrency/ })
  await assert.rejects(evaluateMany([], { concurrency: 1.5 }), { code: 'ERR_HULLCHECK_USAGE' })
  await assert.rejects(evaluateMany(['{}'], { policy: { select: ['NOPE999'] } }), { code: 'ERR_HULLCHECK_POLICY' })
  await assert.rejects(evaluateMany(['{}'], { colour: 'red' }), { code: 'ERR_HULLCHECK_USAGE', message: /unknown option/ })
  await assert.rejects(evaluateBatch('[]'), { code: 'ERR_HULLCHECK_USAGE', message: /bundles must be an array/ })
})

test('the event loop stays responsive while evaluateMany runs', async () => {
  const text = JSON.stringify(Array.from({ length: 20 }, (_, i) => container(i)))
  const batch = Array(400).fill(text)
  // The same work on the main thread, to know how long the loop would be blocked.
  const started = performance.now()
  const expected = batch.slice(0, 3).map((b) => evaluateSync(b))
  for (let i = 3; i < batch.length; i++) evaluateSync(batch[i])
  const syncMs = performance.now() - started

  const gaps = []
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    gaps.push(now - last)
    last = now
  }, 1)
  const manyStarted = performance.now()
  const reports = await evaluateMany(batch, { concurrency: 2 })
  const manyMs = performance.now() - manyStarted
  clearInterval(timer)
  assert.equal(reports.length, batch.length)
  assert.deepEqual(reports.slice(0, 3), expected)
  // Timers fired throughout: many ticks, and no gap near the time the work takes on one thread.
  assert.ok(gaps.length >= 10, `${gaps.length} ticks in ${manyMs} ms`)
  const longest = Math.max(...gaps)
  assert.ok(longest < syncMs / 2, `longest gap ${longest} ms; the whole batch takes ${syncMs} ms on the main thread`)
})
