// generateSeccomp: allowlist seccomp profiles from syscall traces (mirrors the Python tests).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { generateSeccomp } from '../index.mjs'

// What the core adds by default: the syscalls runc and crun make after installing the filter.
const RUNTIME_ESSENTIALS = ['execve', 'exit', 'exit_group', 'futex', 'rt_sigreturn']
const DEFAULT_ARCHITECTURES = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']

const STRACE_F = `execve("/usr/bin/app", ["app"], 0x7ffd /* 20 vars */) = 0
brk(NULL)                               = 0x55d4c000
[pid  4242] openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
[pid  4243] read(3, "\\177ELF", 832 <unfinished ...>
[pid  4242] close(3)                    = 0
[pid  4243] <... read resumed>)         = 832
4244  12:00:01.123456 clone3({flags=CLONE_VM, exit_signal=0}, 88) = 4245
[pid  4245] +++ exited with 0 +++
--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---
this line is not strace output (really)
`

function allowed(profile) {
  const names = []
  for (const rule of profile.syscalls) {
    assert.equal(rule.action, 'SCMP_ACT_ALLOW')
    names.push(...rule.names)
  }
  return names
}

const sorted = (list) => [...list].sort()

test('a known list gives that list plus the runtime essentials', () => {
  const listed = ['read', 'write', 'openat', 'close', 'mmap']
  const result = generateSeccomp(listed.join('\n'))
  assert.deepEqual(sorted(Object.keys(result)), ['diff', 'docker', 'observed', 'oci'])
  assert.deepEqual(result.observed, { syscalls: sorted(listed), skipped_lines: [] })
  for (const profile of [result.docker, result.oci]) {
    assert.equal(profile.defaultAction, 'SCMP_ACT_ERRNO')
    assert.equal(profile.defaultErrnoRet, 1)
    assert.deepEqual(profile.architectures, DEFAULT_ARCHITECTURES)
    assert.deepEqual(sorted(allowed(profile)), sorted(new Set([...listed, ...RUNTIME_ESSENTIALS])))
  }
})

test('without the runtime essentials, exactly the list', () => {
  const result = generateSeccomp('# observed in staging\nread, write\nexit_group\n', { runtime_essentials: false })
  assert.deepEqual(sorted(allowed(result.docker)), ['exit_group', 'read', 'write'])
})

test('options change the profile', () => {
  const { docker } = generateSeccomp('read', {
    architectures: ['SCMP_ARCH_AARCH64'],
    default_action: 'SCMP_ACT_KILL_PROCESS',
    default_errno_ret: 38,
    runtime_essentials: false,
  })
  assert.deepEqual(docker.architectures, ['SCMP_ARCH_AARCH64'])
  assert.equal(docker.defaultAction, 'SCMP_ACT_KILL_PROCESS')
  assert.equal(docker.defaultErrnoRet, 38)
  assert.deepEqual(allowed(docker), ['read'])
})

test('an strace -f snippet', () => {
  const result = generateSeccomp(STRACE_F, { runtime_essentials: false })
  assert.deepEqual(result.observed.syscalls, ['brk', 'clone3', 'close', 'execve', 'openat', 'read'])
  // The prose line is left for review; the signal line is understood.
  assert.ok(result.observed.skipped_lines.includes(10))
  assert.ok(!result.observed.skipped_lines.includes(9))
  assert.deepEqual(sorted(allowed(result.oci)), result.observed.syscalls)
})

test('the diff against Docker\'s default profile', () => {
  // uselib: not in Docker's default profile at all; mount: only with CAP_SYS_ADMIN there.
  const { diff } = generateSeccomp('read write mount uselib', { runtime_essentials: false })
  assert.deepEqual(sorted(Object.keys(diff)), ['added', 'common', 'removed', 'widened'])
  assert.deepEqual(diff.added, ['uselib'])
  assert.deepEqual(diff.widened, ['mount'])
  assert.deepEqual(diff.common, ['read', 'write'])
  assert.ok(diff.removed.includes('mmap'))
  assert.ok(!diff.removed.includes('read'))
})

test('an empty trace allows nothing observed', () => {
  const result = generateSeccomp('', { runtime_essentials: false })
  assert.deepEqual(result.observed, { syscalls: [], skipped_lines: [] })
  assert.deepEqual(result.docker.syscalls, [])
  assert.equal(result.docker.defaultAction, 'SCMP_ACT_ERRNO')
})

test('bad options and arguments are usage errors', () => {
  const bad = [
    { runtime_essentials: 'yes' },
    { architectures: 'SCMP_ARCH_X86_64' },
    { default_errno_ret: -1 },
    { runtimeEssentials: false },
    { defaultAction: 'SCMP_ACT_ERRNO' },
    { runtime_essentials: () => false },
    ['runtime_essentials'],
    'runtime_essentials=false',
  ]
  for (const options of bad) {
    assert.throws(() => generateSeccomp('read', options), { code: 'ERR_HULLCHECK_USAGE' }, JSON.stringify(options))
  }
  for (const trace of [['read'], Buffer.from('read'), 42, undefined]) {
    assert.throws(() => generateSeccomp(trace), { code: 'ERR_HULLCHECK_USAGE' })
  }
  assert.deepEqual(generateSeccomp('read', null), generateSeccomp('read'))
  assert.deepEqual(generateSeccomp('read', undefined), generateSeccomp('read', {}))
})
