// generateLabels: image labels from build facts (mirrors bindings-python/tests/test_labels.py).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { evaluateSync, generateLabels } from '../index.mjs'

const REVISION = '0123456789abcdef0123456789abcdef01234567'

test('the built-in OCI schema labels the facts given', () => {
  const out = generateLabels({ revision: REVISION, title: 'shop "api"' })
  assert.deepEqual(out.labels, {
    'org.opencontainers.image.revision': REVISION,
    'org.opencontainers.image.title': 'shop "api"',
  })
  assert.deepEqual(out.args, [
    '--label',
    `org.opencontainers.image.revision=${REVISION}`,
    '--label',
    'org.opencontainers.image.title=shop "api"',
  ])
  assert.equal(out.label_lines.length, 2)
  assert.ok(out.label_lines.every((line) => line.startsWith('LABEL ')))
  assert.deepEqual(out.problems, [])
})

test('a schema as object or text reports what it cannot generate', () => {
  const schema = {
    labels: {
      'org.opencontainers.image.revision': { type: 'git-hash', required: true, fact: 'revision' },
      'com.example.team': { type: 'enum', values: ['payments'], required: true, default: 'payments' },
    },
  }
  for (const given of [schema, JSON.stringify(schema)]) {
    const out = generateLabels({ revision: 'not-a-hash' }, { schema: given })
    assert.deepEqual(out.labels, { 'com.example.team': 'payments' })
    assert.equal(out.problems.length, 1)
    assert.equal(out.problems[0].key, 'org.opencontainers.image.revision')
    assert.equal(out.problems[0].kind, 'invalid')
  }
  const out = generateLabels({}, { schema: 'labels:\n  com.example.owner: {required: true, fact: vendor}\n' })
  assert.deepEqual(
    out.problems.map((p) => [p.key, p.kind]),
    [['com.example.owner', 'missing']],
  )
})

test('generated labels pass the label rule under the same schema', () => {
  const schema = { strict: true, labels: { 'com.example.team': { type: 'enum', values: ['a'], required: true, default: 'a' } } }
  const { labels } = generateLabels({}, { schema })
  const container = { Id: 'c', Name: '/c', Config: { Image: 'x', Labels: labels }, HostConfig: {} }
  const policy = { select: ['MON030'], parameters: { MON030: { schema } } }
  assert.deepEqual(evaluateSync(container, { policy }).findings, [])
  container.Config.Labels = {}
  assert.deepEqual(evaluateSync(container, { policy }).findings.map((f) => f.code), ['MON030'])
})

test('bad arguments are typed errors', () => {
  assert.throws(() => generateLabels({ colour: 'blue' }), { code: 'ERR_HULLCHECK_USAGE', message: /unknown variant `colour`/ })
  assert.throws(() => generateLabels(['revision']), { code: 'ERR_HULLCHECK_USAGE' })
  assert.throws(() => generateLabels({}, { schema: 3 }), { code: 'ERR_HULLCHECK_USAGE' })
  assert.throws(() => generateLabels({}, { scheme: {} }), { code: 'ERR_HULLCHECK_USAGE', message: /unknown option `scheme`/ })
  assert.throws(() => generateLabels({}, { schema: { labels: { k: { type: 'regex' } } } }), { code: 'ERR_HULLCHECK_POLICY' })
  assert.throws(() => generateLabels({}, { schema: 'labels: [1' }), { code: 'ERR_HULLCHECK_POLICY' })
})
