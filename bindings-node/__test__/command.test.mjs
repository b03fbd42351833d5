// The `hullcheck` command (runCli, bin/hullcheck.js), the collector (collectDocker), saved
// collections and YAML policies. Commands that write to the standard streams run in a child
// process: runCli writes to file descriptors 1 and 2 itself, which in this process belong to
// the test runner.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

import { collectDocker, evaluate, evaluateSync, runCli, version } from '../index.mjs'
import { packageDir, repoRoot } from './helpers.mjs'

const bin = join(packageDir, 'bin', 'hullcheck.js')
const privileged = { Id: 'c0ffee', Name: '/priv', HostConfig: { Privileged: true } }
const NOW = ['--now', '2026-01-01T00:00:00Z']

/** Runs `node bin/hullcheck.js ...args` with `input` on standard input. */
function hullcheck(args, input = '') {
  return spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 60_000 })
}

test('bin/hullcheck.js: --version, --help, exit statuses', () => {
  const shown = hullcheck(['--version'])
  assert.deepEqual([shown.status, shown.stdout, shown.stderr], [0, `hullcheck ${version()}\n`, ''])
  const help = hullcheck(['--help'])
  assert.equal(help.status, 0)
  assert.match(help.stdout, /^hullcheck: audit Docker hosts/)
  assert.match(help.stdout, /exit status: 0 the gate passed, 1 the gate failed, 2/)
  assert.equal(help.stderr, '')
  const bad = hullcheck(['--no-such-flag'])
  assert.equal(bad.status, 2)
  assert.equal(bad.stdout, '')
  assert.match(bad.stderr, /^hullcheck: error: /)
  // A piped document with no file named is audited; CFG001 is critical, the default gate high.
  const piped = hullcheck([...NOW, '--format', 'json'], JSON.stringify([privileged]))
  assert.equal(piped.status, 1, piped.stderr)
  const report = JSON.parse(piped.stdout)
  assert.ok(report.findings.some((f) => f.code === 'CFG001' && f.location.source === 'stdin'))
  assert.equal(hullcheck([...NOW, '--fail-on', 'critical', '--policy', join(repoRoot, 'examples', 'policies', 'waivers.yaml')], '{"Id":"p","Name":"/p","HostConfig":{}}').status, 0)
  assert.equal(hullcheck(['explain', 'CFG999']).status, 2)
})

test('bin/hullcheck.js is executable and is the package bin', () => {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  assert.deepEqual(pkg.bin, { hullcheck: 'bin/hullcheck.js' })
  assert.ok(pkg.files.includes('bin/'))
  const text = readFileSync(bin, 'utf8')
  assert.ok(text.startsWith('#!/usr/bin/env node\n'))
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr)
  assert.equal(run.stdout, `hullcheck ${version()}\n`)
})

test('runCli in this process: exit status of a report written to a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-cli-'))
  try {
    const out = join(dir, 'report.json')
    assert.equal(runCli(['--sample', ...NOW, '--format', 'json', '--output', out, '--fail-on', 'critical']), 1)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    assert.equal(report.passed, false)
    assert.equal(runCli(['--sample', ...NOW, '--output', out, '--policy', join(repoRoot, 'examples', 'policies', 'waivers.yaml'), '--fail-on', 'critical']), 1)
    assert.match(readFileSync(out, 'utf8'), /Gate \(fail on critical\): FAILED\./)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('runCli refuses arguments that are not an array of strings with a TypeError', () => {
  for (const args of ['--help', undefined, null, 7, { 0: '--help', length: 1 }, new Set(['--help'])]) {
    assert.throws(() => runCli(args), (e) => e instanceof TypeError && e.code === 'ERR_HULLCHECK_USAGE' && /args must be an array of strings/.test(e.message))
  }
  assert.throws(() => runCli(['--version', 3]), { name: 'TypeError', code: 'ERR_HULLCHECK_USAGE', message: 'args[1] must be a string, got a number' })
  assert.throws(() => runCli([Buffer.from('--version')]), { name: 'TypeError', message: /args\[0\] must be a string, got an object/ })
  assert.throws(() => runCli(), TypeError)
})

test('collectDocker rejects with ERR_HULLCHECK_COLLECTION when the engine cannot be read', async () => {
  const pending = collectDocker({ host: 'unix:///nonexistent.sock' })
  assert.ok(pending instanceof Promise)
  await assert.rejects(pending, (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'ERR_HULLCHECK_COLLECTION')
    assert.ok(e.message.length > 0)
    return true
  })
  // A closed port on loopback: nothing listens.
  await assert.rejects(collectDocker({ host: 'tcp://127.0.0.1:1', all: true }), { code: 'ERR_HULLCHECK_COLLECTION' })
})

test('collectDocker reads a live engine into a collection that evaluate takes', async (t) => {
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 60_000 })
  if (probe.status !== 0) {
    if (process.env.CI === 'true') assert.fail(`no Docker engine answers (${probe.stderr}); CI starts one`)
    t.skip('no Docker engine answers')
    return
  }
  const collection = await collectDocker()
  assert.equal(collection.hullcheck_collection, 1)
  const kinds = new Set(collection.documents.map((d) => d.kind))
  for (const kind of ['daemon_info', 'daemon_version', 'host_facts', 'network']) assert.ok(kinds.has(kind), kind)
  const report = evaluateSync(collection)
  assert.ok(report.subjects.some((s) => s.kind === 'daemon'))
  assert.ok(report.subjects.some((s) => s.kind === 'host'))
})

test('collectDocker options are checked', async () => {
  await assert.rejects(collectDocker({ endpoint: 'x' }), { code: 'ERR_HULLCHECK_USAGE', message: 'unknown option `endpoint` (expected: host, all)' })
  await assert.rejects(collectDocker({ host: 7 }), { code: 'ERR_HULLCHECK_USAGE', message: /options.host must be a string/ })
  await assert.rejects(collectDocker({ all: 'yes' }), { code: 'ERR_HULLCHECK_USAGE', message: /options.all must be a boolean/ })
  await assert.rejects(collectDocker([]), { code: 'ERR_HULLCHECK_USAGE', message: 'options must be an object, got an array' })
  await assert.rejects(collectDocker('unix:///x.sock'), { code: 'ERR_HULLCHECK_USAGE' })
  const throwing = { get host() { throw new Error('from the getter') } }
  assert.throws(() => collectDocker(throwing), { message: 'from the getter' })
})

const collection = {
  hullcheck_collection: 1,
  collected_at: '2026-01-01T00:00:00Z',
  collector: 'hand-made for the tests',
  endpoint: 'unix:///var/run/docker.sock',
  documents: [
    { source: 'docker:/containers/c0ffee/json', kind: 'container', document: privileged },
    { source: '/etc/docker/daemon.json', kind: 'daemon_config', document: {} },
  ],
  notes: [{ message: 'container 9b1c disappeared during collection; skipped' }],
}

test('evaluate reads a hand-made collection object', async () => {
  const report = await evaluate(collection, { now: 1767225600 })
  const subjects = report.subjects.map((s) => `${s.kind} ${s.source}`)
  assert.ok(subjects.includes('container docker:/containers/c0ffee/json'), subjects.join(', '))
  // `{}` has no shape to detect: it is read as the kind the collection states.
  assert.ok(subjects.includes('daemon /etc/docker/daemon.json'), subjects.join(', '))
  assert.deepEqual(
    report.findings.filter((f) => f.code === 'CFG001').map((f) => f.location.source),
    ['docker:/containers/c0ffee/json'],
  )
  assert.ok(report.findings.some((f) => f.location.source === '/etc/docker/daemon.json'))
  assert.deepEqual(
    report.diagnostics.map((d) => [d.code, d.origin, d.message]),
    [['collection-note', 'input', 'container 9b1c disappeared during collection; skipped']],
  )
  // The same as its JSON text, and as the JSON text under a name.
  assert.deepEqual(evaluateSync(JSON.stringify(collection), { now: 1767225600 }), report)
  const named = evaluateSync({ source: 'saved.json', content: JSON.stringify(collection) }, { now: 1767225600 })
  assert.deepEqual(named.findings.map((f) => f.code), report.findings.map((f) => f.code))
})

test('evaluate takes YAML policy text', async () => {
  const yaml = 'select: [CFG001]\nfail_on: critical\nseverity:\n  CFG001: critical\n'
  const asObject = { select: ['CFG001'], fail_on: 'critical', severity: { CFG001: 'critical' } }
  const report = await evaluate(privileged, { policy: yaml, now: 0 })
  assert.deepEqual(report, evaluateSync(privileged, { policy: asObject, now: 0 }))
  assert.equal(report.fail_on, 'critical')
  assert.equal(report.passed, false)
  const waivers = readFileSync(join(repoRoot, 'examples', 'policies', 'waivers.yaml'), 'utf8')
  assert.equal(evaluateSync(privileged, { policy: waivers, now: 0 }).report_on, 'info')
  assert.throws(() => evaluateSync(privileged, { policy: 'select: [CFG001\n' }), { code: 'ERR_HULLCHECK_POLICY' })
})
