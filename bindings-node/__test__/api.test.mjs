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
// Tests about one rule select it, so rules added to the catalog later do not change them.
const ONLY_CFG001 = { policy: { select: ['CFG001'] } }

test('require and import give the same functions', () => {
  const cjs = createRequire(import.meta.url)('../index.js')
  for (const name of ['evaluate', 'evaluateSync', 'evaluateBatch', 'evaluateMany', 'evaluateStream', 'rules', 'detectKind', 'render', 'formats', 'generateSeccomp', 'version']) {
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
  assert.equal(report.report_on, 'info')
  assert.deepEqual(report.suppressed, [])
  assert.deepEqual(report.diagnostics, [])
  const finding = report.findings.find((f) => f.code === 'CFG001')
  assert.equal(finding.severity, 'critical')
  assert.deepEqual(finding.subject, { kind: 'container', name: 'priv', id: 'c1', source: 'input' })
  assert.deepEqual(finding.location, { source: 'input', pointer: '/0/HostConfig/Privileged' })
  // Findings carry their subject; outcomes refer to report.subjects by index.
  assert.deepEqual(report.subjects.slice(0, 2), [
    finding.subject,
    { kind: 'container', name: 'web', id: 'c2', source: 'input' },
  ])
  const cfg001 = report.outcomes.filter((o) => o.code === 'CFG001')
  assert.deepEqual(cfg001.map((o) => [o.subject, o.status, o.findings]), [[0, 'fail', 1], [1, 'pass', 0]])
  for (const o of report.outcomes) {
    if (o.subject === undefined) assert.ok(['not_applicable', 'missing_input'].includes(o.status), o.status)
    else assert.ok(Number.isInteger(o.subject) && report.subjects[o.subject], `outcome subject ${o.subject}`)
  }
  for (const f of report.findings) assert.ok(report.subjects.some((s) => JSON.stringify(s) === JSON.stringify(f.subject)))
  // Every rule of the catalog gives an outcome; the findings are what the outcomes count.
  assert.deepEqual(new Set(report.outcomes.map((o) => o.code)), new Set(rules().map((r) => r.code)))
  assert.equal(report.summary.rules, rules().length)
  assert.equal(report.findings.length, report.outcomes.reduce((n, o) => n + o.findings, 0))
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
  const expected = evaluateSync(text, ONLY_CFG001).findings.map((f) => [f.code, f.subject.name])
  assert.deepEqual(expected, [['CFG001', 'priv']])
  for (const form of forms) {
    const got = evaluateSync(form, ONLY_CFG001).findings.map((f) => [f.code, f.subject.name])
    assert.deepEqual(got, expected, `form ${Object.prototype.toString.call(form)}`)
  }
})

test('an array of strings, Buffers and items is several documents with their names', () => {
  const report = evaluateSync([
    JSON.stringify(plain),
    Buffer.from(JSON.stringify(privileged)),
    { source: 'host-b/inspect.json', content: [privileged, plain] },
  ], ONLY_CFG001)
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
  const report = evaluateSync([plain, privileged], ONLY_CFG001)
  assert.equal(report.summary.subjects, 2)
  assert.equal(report.findings[0].location.pointer, '/1/HostConfig/Privileged')
  assert.equal(evaluateSync([]).summary.subjects, 0)
})

test('a stated kind is used instead of detection', () => {
  const report = evaluateSync({ source: 'x.json', kind: 'container', content: { HostConfig: { Privileged: true } } }, ONLY_CFG001)
  assert.deepEqual(report.findings.map((f) => [f.code, f.location.source]), [['CFG001', 'x.json']])
})

test('undefined properties of parsed objects are left out, as JSON.stringify does', () => {
  const report = evaluateSync({ ...privileged, Config: undefined }, ONLY_CFG001)
  assert.deepEqual(report.findings.map((f) => f.code), ['CFG001'])
  assert.deepEqual(report, evaluateSync(privileged, ONLY_CFG001))
})

test('options: policy as object or text, now as seconds or Date', () => {
  const quiet = { select: ['CFG001', 'CFG002'], ignore: ['privileged-container'] }
  assert.equal(evaluateSync(privileged, { policy: quiet }).findings.length, 0)
  assert.equal(evaluateSync(privileged, { policy: JSON.stringify(quiet) }).findings.length, 0)
  assert.equal(evaluateSync(privileged, { policy: { fail_on: 'critical' } }).fail_on, 'critical')
  assert.equal(evaluateSync(privileged, { policy: { report_on: 'high' } }).report_on, 'high')
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
  for (const name of ['json', 'table', 'sarif', 'junit', 'markdown', 'compliance']) {
    assert.ok(formats().includes(name), name)
  }
  for (const format of formats()) assert.ok(render(report, format).trim().length > 0, format)
  assert.equal(render(report, 'TABLE'), table)
})

test('render(report, "sarif") is SARIF 2.1.0 with one result per finding', () => {
  const report = evaluateSync([plain, privileged])
  assert.ok(report.findings.length >= 2, 'several findings, so the count is not a coincidence')
  const sarif = JSON.parse(render(report, 'sarif'))
  assert.equal(sarif.version, '2.1.0')
  assert.equal(sarif.runs.length, 1)
  const [run] = sarif.runs
  assert.equal(run.results.length, report.findings.length)
  assert.deepEqual(run.results.map((r) => r.ruleId), report.findings.map((f) => f.code))
  const ruleIds = new Set(run.tool.driver.rules.map((r) => r.id))
  for (const f of report.findings) assert.ok(ruleIds.has(f.code), f.code)
  assert.equal(render(JSON.stringify(report), 'sarif'), render(report, 'sarif'))
  const quiet = evaluateSync(plain, ONLY_CFG001)
  assert.deepEqual(JSON.parse(render(quiet, 'sarif')).runs[0].results, [])
})

test('render() to junit and markdown', () => {
  const report = evaluateSync([plain, privileged])
  const junit = render(report, 'junit')
  assert.match(junit, /^<\?xml/)
  assert.equal(junit.split('<testcase').length - 1, report.outcomes.length)
  assert.equal(junit.split('<failure').length - 1, report.outcomes.filter((o) => o.status === 'fail').length)
  const markdown = render(report, 'markdown')
  assert.match(markdown, /^#/)
  assert.match(markdown, /CFG001/)
})

test('waivers move findings to suppressed; policy problems are diagnostics', () => {
  const waiver = { rule: 'privileged-container', subject: 'priv', reason: 'isolated CI host', expires: '2026-12-31' }
  const policy = { select: ['CFG001', 'privileged-contaner'], waivers: [waiver] }
  const report = evaluateSync([plain, privileged], { policy, now: new Date('2026-06-01T00:00:00Z') })
  assert.deepEqual(report.findings, [])
  assert.equal(report.passed, true)
  assert.equal(report.suppressed.length, 1)
  const [waived] = report.suppressed
  assert.equal(waived.finding.code, 'CFG001')
  assert.equal(waived.finding.subject.name, 'priv')
  assert.equal(waived.waiver_index, 0)
  assert.deepEqual(waived.waiver, waiver)
  assert.equal(report.summary.suppressed, 1)
  assert.deepEqual(
    report.diagnostics.map((d) => [d.code, d.origin, d.rule, d.suggestion]),
    [['unknown-rule', 'policy', 'privileged-contaner', 'privileged-container']],
  )
  assert.deepEqual(schemaProblems(report, reportSchema), [])
  // SARIF keeps waived findings, marked as suppressed.
  const results = JSON.parse(render(report, 'sarif')).runs[0].results
  assert.equal(results.length, 1)
  assert.ok(results[0].suppressions?.length >= 1)
  // Without an evaluation time the expiry can't be checked, so the waiver does not apply.
  const unchecked = evaluateSync([plain, privileged], { policy })
  assert.deepEqual(unchecked.findings.map((f) => f.code), ['CFG001'])
  assert.ok(unchecked.diagnostics.some((d) => d.code === 'unchecked-expiry' && d.waiver === 0))
})

test('an empty input is a diagnostic: container rules do not apply, daemon and host rules are undecided', () => {
  const report = evaluateSync([])
  assert.deepEqual(report.subjects, [])
  assert.deepEqual(report.diagnostics.map((d) => [d.code, d.origin]), [['empty-input', 'input']])
  assert.ok(report.outcomes.every((o) => o.subject === undefined))
  const status = Object.fromEntries(report.outcomes.map((o) => [o.code, o.status]))
  assert.equal(status.CFG001, 'not_applicable')
  assert.equal(status.CFG042, 'missing_input')
  assert.equal(status.CFG070, 'missing_input')
})

test('evaluate() returns a Promise of the same report', async () => {
  const pending = evaluate(privileged, { now: 5 })
  assert.ok(pending instanceof Promise)
  assert.deepEqual(await pending, evaluateSync(privileged, { now: 5 }))
})

test('a large batch of documents evaluates', () => {
  const docs = Array.from({ length: 500 }, (_, i) => ({ ...privileged, Id: `c${i}`, Name: `/c${i}` }))
  const report = evaluateSync(docs, ONLY_CFG001)
  assert.equal(report.summary.subjects, 500)
  assert.equal(report.findings.length, 500)
  const all = evaluateSync(docs)
  assert.equal(all.findings.filter((f) => f.code === 'CFG001').length, 500)
})
