// Runs every language-neutral case in spec/cases/ (format in spec/cases/README.md), through the
// sync and the async API; core/tests/conformance.rs runs the same files.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { evaluate, evaluateSync } from '../index.mjs'
import { cases } from './helpers.mjs'

const all = cases()

test('there are conformance cases', () => {
  assert.ok(all.length >= 5, `only ${all.length} cases found`)
})

/** The arguments of evaluate() for a case: content is serialised, so the text path is taken. */
function argumentsOf(c) {
  const documents = c.documents.map((d) => ({
    source: d.source,
    content: d.content !== undefined ? JSON.stringify(d.content) : d.text,
    ...(d.kind ? { kind: d.kind } : {}),
  }))
  const options = {}
  if (c.policy !== undefined) options.policy = c.policy
  if (c.now !== undefined) options.now = c.now
  return [documents, options]
}

function project(report, expect) {
  const out = { passed: report.passed }
  if (expect.findings) {
    out.findings = report.findings.map((f) => ({
      code: f.code,
      subject: f.subject.name,
      severity: f.severity,
      location: f.location,
    }))
  }
  if (expect.outcomes) {
    const counts = {}
    for (const o of report.outcomes) counts[o.status] = (counts[o.status] || 0) + 1
    out.outcomes = Object.fromEntries(Object.keys(expect.outcomes).map((k) => [k, counts[k] || 0]))
  }
  return out
}

function checkError(error, expected) {
  const code = `ERR_HULLCHECK_${expected.kind.toUpperCase()}`
  assert.ok(error instanceof Error, 'an Error')
  assert.equal(error.code, code)
  if (expected.problem !== undefined) assert.equal(error.problem, expected.problem)
  if (expected.pointer !== undefined) assert.equal(error.pointer, expected.pointer)
  return true
}

for (const c of all) {
  test(`${c.name} (sync): ${c.description}`, () => {
    const [documents, options] = argumentsOf(c)
    if (c.expect.error) {
      assert.throws(() => evaluateSync(documents, options), (e) => checkError(e, c.expect.error))
    } else {
      const report = evaluateSync(documents, options)
      assert.deepEqual(project(report, c.expect), c.expect)
      if (c.now !== undefined) assert.equal(report.evaluated_at, c.now)
    }
  })

  test(`${c.name} (async): ${c.description}`, async () => {
    const [documents, options] = argumentsOf(c)
    if (c.expect.error) {
      await assert.rejects(evaluate(documents, options), (e) => checkError(e, c.expect.error))
    } else {
      const report = await evaluate(documents, options)
      assert.deepEqual(project(report, c.expect), c.expect)
      assert.deepEqual(report, evaluateSync(documents, options))
    }
  })
}
