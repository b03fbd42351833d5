// evaluate() runs on the libuv thread pool: concurrent calls agree with evaluateSync, and the
// event loop keeps running while a large batch evaluates.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { evaluate, evaluateSync } from '../index.mjs'

function container(i) {
  return {
    Id: `${i}`.padStart(12, '0'),
    Name: `/c${i}`,
    HostConfig: { Privileged: i % 3 === 0, CapAdd: i % 2 ? ['NET_ADMIN'] : null, Binds: [`/srv/${i}:/data`] },
    Config: { Image: `registry.example/app:${i}`, Env: [`N=${i}`], Labels: { index: `${i}` } },
  }
}

test('many concurrent evaluate() calls give the same reports as evaluateSync()', async () => {
  const inputs = Array.from({ length: 200 }, (_, i) => {
    const docs = Array.from({ length: 1 + (i % 7) }, (_, j) => container(i * 10 + j))
    // Alternate the document forms, so every conversion path runs concurrently.
    return i % 2 ? JSON.stringify(docs) : docs
  })
  const expected = inputs.map((docs, i) => evaluateSync(docs, { now: i }))
  const got = await Promise.all(inputs.map((docs, i) => evaluate(docs, { now: i })))
  assert.equal(got.length, expected.length)
  for (let i = 0; i < got.length; i++) assert.deepEqual(got[i], expected[i], `call ${i}`)
  // The inputs differ, and so do the reports: some have a privileged container, some don't.
  const privileged = (r) => r.findings.some((f) => f.code === 'CFG001')
  assert.ok(got.some(privileged) && got.some((r) => !privileged(r)))
  assert.ok(new Set(got.map((r) => r.findings.length)).size > 1)
})

test('concurrent failures reject each call with its own error', async () => {
  const calls = Array.from({ length: 50 }, (_, i) =>
    i % 2 ? evaluate({ source: `bad-${i}.json`, content: `{"Id": "x", "HostConfig": ${i}}` }) : evaluate(container(i)),
  )
  const settled = await Promise.allSettled(calls)
  settled.forEach((result, i) => {
    if (i % 2) {
      assert.equal(result.status, 'rejected')
      assert.equal(result.reason.code, 'ERR_HULLCHECK_INVALID_INPUT')
      assert.equal(result.reason.source, `bad-${i}.json`)
      assert.equal(result.reason.pointer, '/HostConfig')
    } else {
      assert.equal(result.status, 'fulfilled')
      assert.equal(result.value.summary.subjects, 1)
    }
  })
})

test('the event loop stays responsive while a large batch evaluates', async () => {
  const batch = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => container(i)))
  // Time the same work on the main thread, to know how long the loop would be blocked.
  const started = performance.now()
  const syncReport = evaluateSync(batch)
  const syncMs = performance.now() - started

  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const asyncStarted = performance.now()
  const pending = evaluate(batch)
  // A timer must fire while the batch is evaluated off the main thread.
  const firstTick = await new Promise((resolve) => setTimeout(() => resolve(performance.now()), 5))
  const report = await pending
  clearInterval(timer)
  assert.ok(firstTick - asyncStarted < syncMs, `timer fired after ${firstTick - asyncStarted} ms; sync took ${syncMs} ms`)
  assert.ok(ticks > 0, 'the interval ran during evaluation')
  assert.equal(report.summary.subjects, 20_000)
  assert.deepEqual(report, syncReport)
})
