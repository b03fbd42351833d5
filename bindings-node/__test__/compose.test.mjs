// options.compose of evaluate/evaluateSync: how compose files are read (mirrors the Python tests).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { evaluate, evaluateSync } from '../index.mjs'

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIV}\n'
const policy = { select: ['CFG001', 'CFG119'] }
const variables = { variables: { PRIV: 'true' } }
const codes = (report) => report.findings.map((f) => f.code).sort()

test('compose variables are interpolated', async () => {
  // Unsupplied: evaluated as empty (not privileged) and reported as unresolved.
  assert.deepEqual(codes(evaluateSync(COMPOSE, { policy })), ['CFG119'])
  const report = evaluateSync(COMPOSE, { policy, compose: variables })
  assert.deepEqual(codes(report), ['CFG001'])
  assert.equal(report.findings[0].subject.kind, 'container')
  assert.deepEqual(codes(await evaluate(COMPOSE, { policy, compose: variables })), ['CFG001'])
  // Named items with a stated kind, Buffers, and next to other documents.
  const item = { source: 'c.yaml', content: COMPOSE, kind: 'compose' }
  assert.deepEqual(codes(evaluateSync(item, { policy, compose: variables })), ['CFG001'])
  assert.deepEqual(codes(evaluateSync(Buffer.from(COMPOSE), { policy, compose: variables })), ['CFG001'])
  const plain = JSON.stringify({ Id: 'beef', Name: '/plain', HostConfig: { Privileged: false } })
  assert.deepEqual(codes(evaluateSync([COMPOSE, plain], { policy, compose: variables })), ['CFG001'])
})

test('compose options leave other documents alone', () => {
  const container = { Id: 'c0ffee', Name: '/priv', HostConfig: { Privileged: true } }
  assert.deepEqual(codes(evaluateSync(container, { policy, compose: { variables: {} } })), ['CFG001'])
  assert.throws(() => evaluateSync('not a document {', { compose: { project: 'p' } }), {
    code: 'ERR_HULLCHECK_INVALID_INPUT',
  })
})

test('compose files inline the seccomp profiles they refer to', () => {
  const text = 'services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - seccomp=./p.json\n'
  const only = { select: ['CFG100'] }
  // Without the file's contents there is no profile to judge; with them CFG100 sees it.
  assert.deepEqual(codes(evaluateSync(text, { policy: only })), [])
  const files = { './p.json': JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' }) }
  assert.deepEqual(codes(evaluateSync(text, { policy: only, compose: { files } })), ['CFG100'])
})

test('bad compose options are usage errors', () => {
  for (const compose of [{ vars: { PRIV: 'true' } }, { variables: { PRIV: true } }, 'PRIV=true', [variables]]) {
    assert.throws(() => evaluateSync(COMPOSE, { compose }), { code: 'ERR_HULLCHECK_USAGE' }, JSON.stringify(compose))
  }
})
