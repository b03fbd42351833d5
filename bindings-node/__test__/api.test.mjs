// The API surface: document forms, options, report shape, rules(), detectKind(), render(),
// and the CommonJS and ES module entries.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import * as hullcheck from '../index.mjs'
import { readJson, schemaProblems } from './helpers.mjs'

const { evaluate, evaluateSync, rules, detectKind, render, formats } = hullcheck
const reportSchema = readJson('spec', 'report.schema.json')
const rulesSchema = readJson('spec', 'rules.schema.json')

const privileged = { Id: 'c1', Name: '/priv', HostConfig: { Privileged: true } }
const plain = { Id: 'c2', Name: '/web', HostConfig: { Privileged: false } }

test('require and import give the same functions', () => {
  const cjs = createRequire(import.meta.url)('../index.js')
  for (const name of ['evaluate', 'evaluateSync', 'rules', 'detectKind', 'render', 'formats', 'version']) {
    assert.equal(typeof cjs[name], 'function', name)
    assert.equal(hullcheck[name], cjs[name], name)
  }
  assert.equal(hullcheck.default, cjs)
})

test('a report has exactly the shape of spec/report.schema.json', () => {
  const report = evaluateSync([privileged, plain], { now: 1767225600 })
  assert.deepEqual(schemaProblems(report, reportSchema), [])
  assert.equal(report.evaluated_at, 1767225600)
  assert.equal(report.passed, false)
  const [finding] = report.findings
  assert.equal(finding.code, 'CFG001')
  assert.equal(finding.severity, 'critical')
  assert.deepEqual(finding.subject, { kind: 'container', name: 'priv', id: 'c1', source: 'input' })
  assert.deepEqual(finding.location, { source: 'input', pointer: '/0/HostConfig/Privileged' })
  // The schema check can fail: a renamed key is caught.
  const broken = { ...report, failOn: report.fail_on }
  delete broken.fail_on
  assert.notDeepEqual(schemaProblems(broken, reportSchema), [])
})

test('every document form gives the same findings', () => {
  const text = JSON.stringify([privileged])
  const forms = [
    text,
    Buffer.from(text),
    new Uint8Array(Buffer.from(text)),
    [privileged],
    privileged,
    { source: 'input', content: text },
    { content: [privileged] },
    [{ source: 'input', content: Buffer.from(text) }],
  ]
  const expected = evaluateSync(text).findings.map((f) => [f.code, f.subject.name])
  assert.equal(expected.length, 1)
  for (const form of forms) {
    const got = evaluateSync(form).findings.map((f) => [f.code, f.subject.name])
    assert.deepEqual(got, expected, `form ${Object.prototype.toString.call(form)}`)
  }
})

test('an array of strings, Buffers and items is several documents with their names', () => {
  const report = evaluateSync([
    JSON.stringify(plain),
    Buffer.from(JSON.stringify(privileged)),
    { source: 'host-b/inspect.json', content: [privileged, plain] },
  ])
  assert.equal(report.summary.subjects, 4)
  assert.deepEqual(
    report.findings.map((f) => f.location),
    [
      { source: 'input[1]', pointer: '/HostConfig/Privileged' },
      { source: 'host-b/inspect.json', pointer: '/0/HostConfig/Privileged' },
    ],
  )
})

test('an array of parsed objects is one docker inspect array', () => {
  const report = evaluateSync([plain, privileged])
  assert.equal(report.summary.subjects, 2)
  assert.equal(report.findings[0].location.pointer, '/1/HostConfig/Privileged')
  assert.equal(evaluateSync([]).summary.subjects, 0)
})

test('a stated kind is used instead of detection', () => {
  const report = evaluateSync({ source: 'x.json', kind: 'container', content: { HostConfig: { Privileged: true } } })
  assert.equal(report.findings.length, 1)
})

test('undefined properties of parsed objects are left out, as JSON.stringify does', () => {
  const report = evaluateSync({ ...privileged, Config: undefined })
  assert.equal(report.findings.length, 1)
})

test('options: policy as object or text, now as seconds or Date', () => {
  const quiet = { select: ['CFG001'], ignore: ['privileged-container'] }
  assert.equal(evaluateSync(privileged, { policy: quiet }).findings.length, 0)
  assert.equal(evaluateSync(privileged, { policy: JSON.stringify(quiet) }).findings.length, 0)
  assert.equal(evaluateSync(privileged, { policy: { fail_on: 'critical' } }).fail_on, 'critical')
  assert.equal(evaluateSync(privileged, { now: new Date('2026-01-01T00:00:00.999Z') }).evaluated_at, 1767225600)
  assert.equal(evaluateSync(privileged, { now: 1767225600.7 }).evaluated_at, 1767225600)
  assert.equal(evaluateSync(privileged, {}).evaluated_at, undefined)
  assert.equal(evaluateSync(privileged, null).evaluated_at, undefined)
})

test('rules() is the catalog of spec/rules.json', () => {
  const catalog = rules()
  assert.deepEqual(catalog, readJson('spec', 'rules.json'))
  assert.deepEqual(schemaProblems(catalog, rulesSchema), [])
  assert.ok(catalog.some((r) => r.code === 'CFG001' && r.name === 'privileged-container'))
})

test('detectKind() reads the shape of every document form', () => {
  for (const doc of [privileged, [privileged], JSON.stringify(privileged), Buffer.from(JSON.stringify([privileged]))]) {
    assert.equal(detectKind(doc), 'container')
  }
  assert.equal(detectKind('FROM alpine:3.20\nRUN true\n'), 'dockerfile')
  assert.equal(detectKind({ ociVersion: '1.0.2', process: {} }), 'oci_runtime')
})

test('render() reaches every core format by name, from the object or its JSON', () => {
  const report = evaluateSync(privileged, { now: 1767225600 })
  assert.deepEqual(JSON.parse(render(report, 'json')), report)
  assert.deepEqual(JSON.parse(render(JSON.stringify(report), 'json')), report)
  const table = render(report, 'table')
  assert.match(table, /CFG001/)
  assert.match(table, /priv/)
  assert.ok(formats().includes('json') && formats().includes('table'))
  for (const format of formats()) assert.equal(typeof render(report, format), 'string', format)
  assert.equal(render(report, 'TABLE'), table)
})

test('evaluate() returns a Promise of the same report', async () => {
  const pending = evaluate(privileged, { now: 5 })
  assert.ok(pending instanceof Promise)
  assert.deepEqual(await pending, evaluateSync(privileged, { now: 5 }))
})

test('a large batch of documents evaluates', () => {
  const docs = Array.from({ length: 500 }, (_, i) => ({ ...privileged, Id: `c${i}`, Name: `/c${i}` }))
  const report = evaluateSync(docs)
  assert.equal(report.summary.subjects, 500)
  assert.equal(report.findings.length, 500)
})
