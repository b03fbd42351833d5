// One command, three installs, same bytes: the Rust binary (`cargo build -p hullcheck-cli`), the
// Python wheel's console script (`.venv/bin/hullcheck`) and this package's bin
// (`node bin/hullcheck.js`) all run hullcheck_cli::run_process, so on the same invocation they
// must print the same standard output and standard error, byte for byte, and exit with the
// same status. Their versions must agree with each other and with Cargo.toml (workspace),
// the wheel's metadata and package.json.
//
// It lives here because scripts/test-all.sh runs the Node tests last, when all three exist:
// scripts/test-node.sh builds the binary, scripts/test-python.sh the venv. The binary is
// $CARGO_TARGET_DIR/debug/hullcheck (default <repo>/target); the venv is the worktree's `.venv`,
// else the main checkout's. When one of them is missing the tests fail under CI=true and are
// skipped, with the reason, otherwise.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { after, test } from 'node:test'

import { version } from '../index.mjs'
import { packageDir, repoRoot } from './helpers.mjs'

/** The checkouts to look for `.venv` in: this one, then the main one when this is a worktree. */
function checkouts() {
  const roots = [repoRoot]
  const common = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  if (common.status === 0) {
    const main = dirname(common.stdout.trim())
    if (resolve(main) !== resolve(repoRoot)) roots.push(main)
  }
  return roots
}

function targetDir() {
  const dir = process.env.CARGO_TARGET_DIR
  if (!dir) return join(repoRoot, 'target')
  return isAbsolute(dir) ? dir : resolve(repoRoot, dir)
}

/** The three installs: name, program, leading arguments; and what is missing. */
function installs() {
  const rust = join(targetDir(), 'debug', 'hullcheck')
  const venvs = checkouts().map((root) => join(root, '.venv', 'bin'))
  const venv = venvs.find((bin) => existsSync(join(bin, 'hullcheck'))) ?? venvs[0]
  const found = [
    { name: 'rust', file: rust, command: [rust], missing: `the Rust binary ${rust} (cargo build -p hullcheck-cli)` },
    {
      name: 'python',
      file: join(venv, 'hullcheck'),
      command: [join(venv, 'hullcheck')],
      python: join(venv, 'python'),
      missing: `the Python console script (looked for ${venvs.map((v) => join(v, 'hullcheck')).join(', ')}; bash scripts/test-python.sh)`,
    },
    { name: 'node', file: join(packageDir, 'bin', 'hullcheck.js'), command: [process.execPath, join(packageDir, 'bin', 'hullcheck.js')], missing: 'bin/hullcheck.js' },
  ]
  return { found, missing: found.filter((i) => !existsSync(i.file)).map((i) => i.missing) }
}

const { found, missing } = installs()

/** Skips the test (or fails it under CI=true) when an install is missing. */
function requireAll(t) {
  if (missing.length === 0) return true
  const reason = `not all three installs exist: missing ${missing.join('; ')}`
  if (process.env.CI === 'true') assert.fail(`${reason} (CI=true: required)`)
  t.diagnostic(reason)
  t.skip(reason)
  return false
}

const dir = mkdtempSync(join(tmpdir(), 'hullcheck-three-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const good = join(dir, 'good.json')
writeFileSync(good, JSON.stringify([{ Id: 'beef', Name: '/db', HostConfig: { Privileged: false } }]))
const nonexistent = join(dir, 'nonexistent.json')
const PRIVILEGED = '[{"Id":"4f2a","Name":"/web","HostConfig":{"Privileged":true}}]'
const NOW = ['--now', '2026-01-01T00:00:00Z']

const invocations = [
  { name: '--help', args: ['--help'] },
  { name: '--version', args: ['--version'] },
  { name: 'sample, table', args: ['--sample', ...NOW] },
  { name: 'sample, json', args: ['--sample', ...NOW, '--format', 'json'] },
  { name: 'piped privileged container, no file named', args: [...NOW], input: PRIVILEGED },
  { name: 'nonexistent file and a good one', args: [...NOW, nonexistent, good] },
  { name: 'rules --format json', args: ['rules', '--format', 'json'] },
  { name: 'explain CFG001', args: ['explain', 'CFG001'] },
  { name: 'a bad flag', args: ['--no-such-flag'] },
]

// A live engine, when one answers (CI starts one): `hullcheck --docker` must give the same bytes
// in all three installs too. Its report holds no time but --now, and the engine's state does
// not change between the three runs (the engine suite starts its fleet later).
const engine = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 60_000 })
if (engine.status === 0) {
  invocations.push({ name: 'a live engine (--docker --format json)', args: [...NOW, '--docker', '--format', 'json'] })
} else if (process.env.CI === 'true') {
  test('three installs, same bytes: a live engine', () => {
    assert.fail(`no Docker engine answers (docker info: ${engine.stderr || engine.error}); CI starts one`)
  })
}

function run(install, args, input = '') {
  const [program, ...lead] = install.command
  const result = spawnSync(program, [...lead, ...args], {
    cwd: dir,
    input,
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  })
  if (result.error) throw result.error
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

for (const invocation of invocations) {
  test(`three installs, same bytes: ${invocation.name}`, (t) => {
    if (!requireAll(t)) return
    const results = found.map((install) => ({ install: install.name, ...run(install, invocation.args, invocation.input) }))
    const [rust, ...others] = results
    assert.equal(rust.signal, null)
    assert.ok([0, 1, 2].includes(rust.status), `rust exited ${rust.status}`)
    assert.ok(rust.stdout.length > 0 || rust.stderr.length > 0, 'the command wrote something')
    for (const other of others) {
      assert.equal(other.status, rust.status, `${other.install} exit status differs from rust's`)
      assert.equal(other.signal, null)
      // Buffers, so a difference in bytes (encoding, line endings, a missing flush) shows.
      assert.ok(other.stdout.equals(rust.stdout), `${other.install} stdout differs from rust's:\n${other.stdout}\n---\n${rust.stdout}`)
      // Standard error names no program: every install writes `hullcheck: ...`.
      assert.ok(other.stderr.equals(rust.stderr), `${other.install} stderr differs from rust's:\n${other.stderr}\n---\n${rust.stderr}`)
    }
  })
}

test('three installs: the expected exit statuses', (t) => {
  if (!requireAll(t)) return
  const node = found.find((i) => i.name === 'node')
  const status = (args, input) => run(node, args, input).status
  assert.equal(status(['--help']), 0)
  assert.equal(status(['--sample', ...NOW]), 1)
  assert.equal(status([...NOW], PRIVILEGED), 1)
  assert.equal(status([...NOW, nonexistent, good]), 2)
  assert.equal(status(['--no-such-flag']), 2)
})

test('versions agree: the three --version, Cargo.toml, the wheel and package.json', (t) => {
  if (!requireAll(t)) return
  const cargo = readFileSync(join(repoRoot, 'Cargo.toml'), 'utf8')
  const workspace = /^\[workspace\.package\]\n(?:[^[].*\n)*?version\s*=\s*"([^"]+)"/m.exec(cargo)
  assert.ok(workspace, 'Cargo.toml has [workspace.package] version')
  const expected = workspace[1]
  for (const crate of ['cli', 'bindings-python', 'bindings-node', 'core']) {
    const manifest = readFileSync(join(repoRoot, crate, 'Cargo.toml'), 'utf8')
    assert.match(manifest, /^version\.workspace = true$/m, `${crate}/Cargo.toml takes the workspace version`)
  }
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  assert.equal(pkg.version, expected, 'package.json')
  assert.equal(version(), expected, 'the addon')
  const pyproject = readFileSync(join(repoRoot, 'bindings-python', 'pyproject.toml'), 'utf8')
  assert.match(pyproject, /^dynamic = \["version"\]$/m, 'pyproject takes its version from Cargo.toml')
  assert.doesNotMatch(pyproject, /^version\s*=/m, 'pyproject states no second version')
  const python = found.find((i) => i.name === 'python')
  const wheel = spawnSync(
    python.python,
    ['-c', 'import importlib.metadata as m, hullcheck; print(m.version("hullcheck"), hullcheck.__version__)'],
    { encoding: 'utf8' },
  )
  assert.equal(wheel.status, 0, wheel.stderr)
  assert.equal(wheel.stdout, `${expected} ${expected}\n`, 'the wheel metadata and hullcheck.__version__')
  for (const install of found) {
    const shown = run(install, ['--version'])
    assert.equal(shown.status, 0)
    assert.equal(shown.stdout.toString(), `hullcheck ${expected}\n`, install.name)
  }
})
