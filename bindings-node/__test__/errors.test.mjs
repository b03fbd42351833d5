// Every error path: coded Errors with the documented properties, never a crash.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { evaluate, evaluateSync, detectKind, render } from '../index.mjs'

const privileged = { Id: 'c1', Name: '/priv', HostConfig: { Privileged: true } }
const ONLY_CFG001 = { policy: { select: ['CFG001'] } }

/** Asserts that `fn` throws and `evaluate` rejects with the same coded error. */
async function fails(documents, options, expected) {
  const check = (e) => {
    assert.ok(e instanceof Error, 'an Error instance')
    for (const [key, value] of Object.entries(expected)) {
      if (value instanceof RegExp) assert.match(String(e[key]), value, key)
      else assert.deepEqual(e[key], value, key)
    }
    return true
  }
  assert.throws(() => evaluateSync(documents, options), check)
  await assert.rejects(evaluate(documents, options), check)
}

const INPUT = 'ERR_HULLCHECK_INVALID_INPUT'
const LIMIT = 'ERR_HULLCHECK_LIMIT'

test('text that is no document: unknown_kind', async () => {
  await fails('this is not a document', undefined, {
    code: INPUT, problem: 'unknown_kind', source: 'input', pointer: null, line: 1, column: 1,
  })
})

test('malformed JSON: syntax with line and column', async () => {
  await fails('{\n  "Id": "x",\n  "HostConfig": {,}\n}', undefined, {
    code: INPUT, problem: 'syntax', source: 'input', line: 3, column: 18, message: /line 3, column 18/,
  })
})

test('empty text and empty Buffer: empty', async () => {
  await fails('', undefined, { code: INPUT, problem: 'empty' })
  await fails('   \n', undefined, { code: INPUT, problem: 'empty' })
  await fails(Buffer.alloc(0), undefined, { code: INPUT, problem: 'empty' })
})

test('a mistyped value: type, with its pointer, source and kind', async () => {
  await fails({ source: 'bad.json', content: { Id: 'c1', HostConfig: 'privileged' } }, undefined, {
    code: INPUT, problem: 'type', pointer: '/HostConfig', source: 'bad.json', documentKind: 'container',
  })
  await fails(JSON.stringify([privileged, { Id: 'c2', HostConfig: { Privileged: 'yes please' } }]), undefined, {
    code: INPUT, problem: 'type', pointer: '/1/HostConfig/Privileged',
  })
})

test('a scanner report of the wrong shape: type, with the kind and pointer', async () => {
  await fails('{"SchemaVersion": 2, "ArtifactName": "alpine:3.20", "Results": {}}', undefined, {
    code: INPUT, problem: 'type', documentKind: 'vulnerability_report', pointer: '/Results',
  })
})

test('the error names the document of a list it came from', async () => {
  await fails([JSON.stringify(privileged), '{"Id": 1, "HostConfig": []}'], undefined, {
    code: INPUT, source: 'input[1]', problem: 'type',
  })
})

test('deep nesting as text: the depth limit, a coded error, no crash', async () => {
  const depth = 200_000
  const nest = (open, close) => open.repeat(depth) + close.repeat(depth)
  // A shallow value where a boolean belongs is a type error at its pointer.
  await fails('{"Id":"x","HostConfig":{"Privileged":[[[1]]]}}', undefined, {
    code: INPUT, problem: 'type', pointer: '/HostConfig/Privileged', documentKind: 'container',
  })
  // Deep text is refused by the core's depth limit (64) before parsing, wherever it nests,
  // even unterminated or under a key no rule reads.
  const depthLimit = { code: LIMIT, problem: 'limit_exceeded', limit: 'depth', value: 65, max: 64, source: 'input' }
  await fails(`{"Id":"x","HostConfig":{"Privileged":${nest('[', ']')}}}`, undefined, depthLimit)
  await fails(nest('[', ']'), undefined, depthLimit)
  await fails('['.repeat(depth), undefined, depthLimit)
  await fails(`{"Id":"x","HostConfig":{"Unread":${nest('{"a":', '}').replace(/\{"a":\}/, '{"a":1}')}}}`, undefined, depthLimit)
})

test('a document over the size limit: ERR_HULLCHECK_LIMIT naming the limit', async () => {
  const huge = `{"Id":"x","Config":{"Env":["A=${'x'.repeat(65 << 20)}"]}}`
  await fails(huge, undefined, {
    code: LIMIT, problem: 'limit_exceeded', limit: 'document_bytes', value: huge.length, max: 64 << 20,
    message: /exceeds the document_bytes limit/,
  })
})

test('deep nesting as JS objects and cycles: too_deep, no crash', async () => {
  let deep = {}
  for (let i = 0; i < 100_000; i++) deep = { HostConfig: deep }
  await fails(deep, undefined, { code: INPUT, problem: 'too_deep', pointer: /^(\/HostConfig){64}$/ })
  let array = []
  for (let i = 0; i < 100_000; i++) array = [array]
  await fails(array, undefined, { code: INPUT, problem: 'too_deep' })
  const cyclic = { Id: 'c1', HostConfig: {} }
  cyclic.HostConfig.Self = cyclic
  await fails(cyclic, undefined, { code: INPUT, problem: 'too_deep' })
})

test('values JSON cannot hold: type, with their pointer', async () => {
  const cases = [
    [{ Id: 10n }, '/Id'],
    [{ Id: 'c', HostConfig: { Privileged: () => true } }, '/HostConfig/Privileged'],
    [{ Id: 'c', Name: Symbol('x') }, '/Name'],
    [{ Id: 'c', HostConfig: { Memory: NaN } }, '/HostConfig/Memory'],
    [{ Id: 'c', HostConfig: { Memory: Infinity } }, '/HostConfig/Memory'],
    [{ Id: 'c', Created: new Date(0) }, '/Created'],
    [[privileged, undefined], '/1'],
    [{ 'a/b~c': { x: 1n } }, '/a~1b~0c/x'],
  ]
  for (const [doc, pointer] of cases) {
    await fails(doc, undefined, { code: INPUT, problem: 'type', pointer })
  }
})

test('sparse arrays with a huge length fail at their first hole, without exhausting memory', async () => {
  const huge = () => {
    const a = []
    a.length = 2 ** 32 - 1
    return a
  }
  await fails(huge(), undefined, { code: INPUT, problem: 'type', pointer: '/0' })
  await fails({ Id: 'c', Config: { Env: huge() } }, undefined, { code: INPUT, problem: 'type', pointer: '/Config/Env/0' })
  const listed = huge()
  listed[0] = JSON.stringify(privileged)
  await fails(listed, undefined, { code: 'ERR_HULLCHECK_USAGE', message: /documents\[1\]/ })
})

test('exceptions from the caller\'s own getters and proxies propagate unchanged, synchronously', () => {
  const getter = { Id: 'x', get HostConfig() { throw new TypeError('from the getter') } }
  const proxy = new Proxy({}, { ownKeys() { throw new RangeError('from the proxy') } })
  assert.throws(() => evaluateSync(getter), { name: 'TypeError', message: 'from the getter' })
  assert.throws(() => evaluate(getter), { name: 'TypeError', message: 'from the getter' })
  assert.throws(() => evaluateSync(proxy), { name: 'RangeError', message: 'from the proxy' })
  assert.throws(() => evaluate([], { get now() { throw new Error('from options') } }), { message: 'from options' })
  assert.deepEqual(evaluateSync(privileged, ONLY_CFG001).findings.map((f) => f.code), ['CFG001'])
})

test('invalid UTF-8 in a Buffer: syntax with line and column of the bad byte', async () => {
  const bytes = Buffer.concat([Buffer.from('{\n  "Name": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])
  await fails(bytes, undefined, { code: INPUT, problem: 'syntax', line: 2, column: 15, message: /UTF-8/ })
  await fails({ source: 'raw.bin', content: Buffer.from([0xff, 0xfe, 0x00]) }, undefined, {
    code: INPUT, problem: 'syntax', source: 'raw.bin', line: 1, column: 1,
  })
})

test('a bad policy: ERR_HULLCHECK_POLICY', async () => {
  const POLICY = 'ERR_HULLCHECK_POLICY'
  // A select whose every entry names no rule would run nothing.
  await fails(privileged, { policy: { select: ['NOPE999'] } }, { code: POLICY, message: /names no known rule \(`NOPE999`\)/ })
  await fails(privileged, { policy: { select: ['privileged-containr'] } }, { code: POLICY, message: /did you mean `privileged-container`/ })
  await fails(privileged, { policy: { extends: 'paranoid' } }, { code: POLICY })
  await fails(privileged, { policy: { waivers: [{ rule: 'CFG001', reason: '' }] } }, { code: POLICY })
  await fails(privileged, { policy: { waivers: [{ rule: 'CFG001', reason: 'ok', expires: 'someday' }] } }, { code: POLICY })
  await fails(privileged, { policy: { fail_on: 'urgent' } }, { code: POLICY })
  await fails(privileged, { policy: { selectt: [] } }, { code: POLICY, message: /unknown field/ })
  await fails(privileged, { policy: '{not json' }, { code: POLICY })
  await fails(privileged, { policy: { parameters: { CFG001: { nope: 1 } } } }, { code: POLICY, message: /no parameter/ })
  await fails(privileged, { policy: { select: [10n] } }, { code: POLICY })
})

test('an unknown rule next to known ones is a diagnostic, not an error', () => {
  const report = evaluateSync(privileged, { policy: { select: ['CFG001', 'NOPE999'], parameters: { CFG998: {} } } })
  assert.deepEqual(report.findings.map((f) => f.code), ['CFG001'])
  assert.deepEqual(report.diagnostics.map((d) => [d.code, d.rule]), [['unknown-rule', 'NOPE999'], ['unknown-rule', 'CFG998']])
})

test('a second docker info in one bundle: duplicate', async () => {
  const info = { ServerVersion: '28.5.1', SecurityOptions: [] }
  await fails([{ source: 'info-a.json', content: info }, { source: 'info-b.json', content: JSON.stringify(info) }], undefined, {
    code: INPUT, problem: 'duplicate', source: 'info-b.json', documentKind: 'daemon_info', message: /duplicate/,
  })
  await fails([JSON.stringify(info), Buffer.from(JSON.stringify(info))], undefined, {
    code: INPUT, problem: 'duplicate', source: 'input[1]', documentKind: 'daemon_info',
  })
  // One docker info next to containers is fine: the daemon is a subject of the report.
  const report = evaluateSync([{ source: 'info.json', content: info }, { source: 'inspect.json', content: [privileged] }])
  assert.deepEqual([...new Set(report.subjects.map((s) => s.kind))].sort().slice(0, 2), ['container', 'daemon'])
})

test('bad arguments: ERR_HULLCHECK_USAGE', async () => {
  const USAGE = 'ERR_HULLCHECK_USAGE'
  for (const documents of [undefined, null, 42, true]) {
    await fails(documents, undefined, { code: USAGE })
  }
  await fails(['text', privileged], undefined, { code: USAGE, message: /documents\[1\].*don't mix/ })
  await fails({ content: privileged, source: 7 }, undefined, { code: USAGE, message: /source/ })
  await fails({ content: privileged, kind: 'spaceship' }, undefined, { code: USAGE, message: /unknown document kind/ })
  await fails({ content: 12 }, undefined, { code: USAGE, message: /content/ })
  await fails(privileged, { bogus: 1 }, { code: USAGE, message: /unknown option `bogus`/ })
  await fails(privileged, 'strict', { code: USAGE })
  await fails(privileged, [{ now: 1 }], { code: USAGE, message: /an array/ })
  await fails(privileged, { now: 'yesterday' }, { code: USAGE })
  await fails(privileged, { now: NaN }, { code: USAGE })
  await fails(privileged, { now: new Date(NaN) }, { code: USAGE })
  await fails(privileged, { policy: 42 }, { code: USAGE })
})

test('detectKind and render errors', () => {
  assert.throws(() => detectKind('hello there'), { code: INPUT, problem: 'unknown_kind' })
  assert.throws(() => detectKind({}), { code: INPUT, problem: 'unknown_kind' })
  assert.throws(() => detectKind(Buffer.from([0xff])), { code: INPUT, problem: 'syntax' })
  assert.throws(() => detectKind(7), { code: 'ERR_HULLCHECK_USAGE' })
  assert.throws(() => detectKind({ source: 'a', content: '{}' }), { code: 'ERR_HULLCHECK_USAGE' })
  const report = evaluateSync(privileged)
  assert.throws(() => render(report, 'xml'), { code: 'ERR_HULLCHECK_USAGE', message: /unknown format `xml`/ })
  assert.throws(() => render({ not: 'a report' }, 'json'), { code: 'ERR_HULLCHECK_USAGE', message: /not a hullcheck report/ })
  assert.throws(() => render('{', 'json'), { code: 'ERR_HULLCHECK_USAGE' })
  assert.throws(() => render(42, 'json'), { code: 'ERR_HULLCHECK_USAGE' })
})

test('the process survives a storm of bad input and still evaluates', async () => {
  const junk = ['', '{', '[]]', '"x"', '123', 'null', '\u0000', '\ud800', '{"HostConfig":{"Privileged":"maybe"}}']
  const results = await Promise.allSettled(junk.map((j) => evaluate(j)))
  assert.ok(results.every((r) => r.status === 'rejected' || r.value.version))
  for (const r of results) {
    if (r.status === 'rejected') assert.match(r.reason.code, /^ERR_HULLCHECK_/)
  }
  assert.deepEqual(evaluateSync(privileged, ONLY_CFG001).findings.map((f) => f.code), ['CFG001'])
})

test('every error names its kind as Python does', async () => {
  await fails({ content: '{"HostConfig": "x"}' }, undefined, { code: INPUT, kind: 'invalid_input', documentKind: 'container' })
  const privileged = { content: '{"Id": "a", "Name": "/web", "HostConfig": {"Privileged": true}}' }
  await fails(privileged, { policy: { select: ['NOPE999'] } }, { code: 'ERR_HULLCHECK_POLICY', kind: 'policy' })
  await fails({ ...privileged, kind: 'spaceship' }, undefined, { code: 'ERR_HULLCHECK_USAGE', kind: 'usage' })
})

test('policy errors carry the pointer of the key at fault', async () => {
  const privileged = { content: '{"Id": "a", "Name": "/web", "HostConfig": {"Privileged": true}}' }
  const POLICY = 'ERR_HULLCHECK_POLICY'
  await fails(privileged, { policy: { parameters: { CFG023: { max_retries: '5' } } } }, { code: POLICY, pointer: '/parameters/CFG023/max_retries' })
  await fails(privileged, { policy: { waivers: [{ rule: 'CFG001', reason: '' }] } }, { code: POLICY, pointer: '/waivers/0' })
  await fails(privileged, { policy: '{"fail_on": "severe"}' }, { code: POLICY, pointer: '/fail_on' })
})
