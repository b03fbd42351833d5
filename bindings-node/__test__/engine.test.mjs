// The Engine class: a policy resolved once, evaluating many inputs, as Python's hullcheck.Engine.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Engine, evaluateSync } from '../index.mjs'

test('an Engine resolves its policy once and evaluates with it', async () => {
  const privileged = { content: '{"Id": "a", "Name": "/web", "HostConfig": {"Privileged": true}}' }
  const engine = new Engine({ select: ['CFG001'] })
  assert.deepEqual(engine.rules, ['CFG001'])
  const sync = engine.evaluateSync(privileged, { now: 1767225600 })
  const async_ = await engine.evaluate(privileged, { now: 1767225600 })
  assert.deepEqual(sync, async_)
  assert.deepEqual(sync, evaluateSync(privileged, { now: 1767225600, policy: { select: ['CFG001'] } }))
  assert.deepEqual(sync.findings.map((f) => f.code), ['CFG001'])
  // Text policies too, and the default policy without one.
  assert.deepEqual(new Engine('select: [CFG001]\n').rules, ['CFG001'])
  assert.ok(new Engine().rules.length > 100)
  // A bad policy throws at once; a policy in the options is refused.
  assert.throws(() => new Engine({ select: ['NOPE999'] }), { code: 'ERR_HULLCHECK_POLICY', pointer: '/select' })
  assert.throws(() => engine.evaluateSync(privileged, { policy: {} }), { code: 'ERR_HULLCHECK_USAGE', kind: 'usage' })
  await assert.rejects(engine.evaluate(privileged, { policy: {} }), { code: 'ERR_HULLCHECK_USAGE' })
})
