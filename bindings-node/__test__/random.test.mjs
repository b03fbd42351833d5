// Random inputs of every accepted form (seeded, so failures reproduce): each call returns a
// report or throws a coded hullcheck error; sync and async agree; the process never crashes.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { evaluate, evaluateSync, detectKind } from '../index.mjs'

function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const KEYS = ['Id', 'Name', 'HostConfig', 'Privileged', 'Config', 'State', 'Mounts', 'CapAdd', 'Env', 'Labels', 'x', '']

function value(r, depth) {
  const pick = Math.floor(r() * (depth > 4 ? 6 : 9))
  switch (pick) {
    case 0: return null
    case 1: return r() < 0.5
    case 2: return [0, -1, 1.5, 2 ** 60, NaN, Infinity][Math.floor(r() * 6)]
    case 3: return ['', 'x', 'true', 'privileged', '\u{1f600}', '\ud800', 'a\u0000b'][Math.floor(r() * 7)]
    case 4: return r() < 0.1 ? 10n : r() < 0.1 ? undefined : 'value'
    case 5: return r() < 0.05 ? new Date(0) : r() < 0.05 ? () => 1 : 7
    case 6: return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1))
    default: {
      const o = {}
      for (let i = Math.floor(r() * 5); i > 0; i--) o[KEYS[Math.floor(r() * KEYS.length)]] = value(r, depth + 1)
      return o
    }
  }
}

function text(v) {
  try {
    return JSON.stringify(v) ?? ''
  } catch {
    return '{"Id": 1n}'
  }
}

/** A container-shaped object with random parts, so many inputs get past kind detection. */
function container(r) {
  const c = { Id: `c${Math.floor(r() * 1000)}`, Name: '/n' }
  c.HostConfig = r() < 0.7 ? { Privileged: r() < 0.7 ? r() < 0.5 : value(r, 3) } : value(r, 2)
  if (r() < 0.5) c.Config = r() < 0.5 ? { Env: ['A=1'], Labels: { a: 'b' } } : value(r, 2)
  if (r() < 0.3) c[KEYS[Math.floor(r() * KEYS.length)]] = value(r, 1)
  return c
}

function documentOf(r) {
  const v = r() < 0.5 ? container(r) : value(r, 0)
  switch (Math.floor(r() * 5)) {
    case 0: {
      const t = text(v)
      // Cut the text sometimes.
      return r() < 0.3 ? t.slice(0, Math.floor(r() * t.length)) : t
    }
    case 1: {
      const bytes = Buffer.from(text(v))
      if (bytes.length && r() < 0.3) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256)
      return bytes
    }
    case 2: return { source: 'doc.json', content: v ?? '' }
    case 3: return [{ Id: 'a', HostConfig: { Privileged: r() < 0.5 } }, v]
    default: return v
  }
}

function outcome(fn) {
  try {
    const report = fn()
    return { ok: true, findings: report.findings.length, subjects: report.summary.subjects }
  } catch (e) {
    if (!(e instanceof Error) || !/^ERR_HULLCHECK_(INVALID_INPUT|POLICY|USAGE)$/.test(e.code)) throw e
    return { ok: false, code: e.code, problem: e.problem, pointer: e.pointer }
  }
}

test('2,000 random documents: a report or a coded error, the same from evaluate()', async () => {
  const r = rng(20261128)
  const seen = { ok: 0, error: 0 }
  for (let i = 0; i < 2000; i++) {
    const doc = documentOf(r)
    const sync = outcome(() => evaluateSync(doc))
    seen[sync.ok ? 'ok' : 'error']++
    let viaAsync
    try {
      const report = await evaluate(doc)
      viaAsync = { ok: true, findings: report.findings.length, subjects: report.summary.subjects }
    } catch (e) {
      viaAsync = { ok: false, code: e.code, problem: e.problem, pointer: e.pointer }
    }
    assert.deepEqual(viaAsync, sync, `case ${i}`)
    try { detectKind(doc) } catch (e) { assert.match(String(e.code), /^ERR_HULLCHECK_/, `detectKind case ${i}`) }
  }
  // Both outcomes occur, so the generator exercises both paths.
  assert.ok(seen.ok > 200 && seen.error > 200, JSON.stringify(seen))
})
