// evaluateSync(s) beside JSON.parse(s) on a real ~9 KB `docker inspect` document
// (tests/corpus/container-inspect/inspec_docker_inspect_nginx.json, inspec/inspec, Apache-2.0).
//
//   (cd bindings-node && npm ci --no-audit --no-fund && npm run build)   # release addon
//   node benches/node_bench.mjs [--rounds 300] [--batch 200]
//
// Each round times a batch of calls of every variant, interleaved, so drift in machine load
// hits all of them alike; the numbers are medians over rounds of the per-call time.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { evaluateSync, render, version } from '../bindings-node/index.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const file = join(root, 'tests', 'corpus', 'container-inspect', 'inspec_docker_inspect_nginx.json')
const text = readFileSync(file, 'utf8')
const bytes = Buffer.from(text)

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const rounds = arg('--rounds', 300)
const batch = arg('--batch', 200)

const report = evaluateSync(text)
const reportJson = render(report, 'json')

let sink = 0
const variants = {
  'JSON.parse(s)': () => JSON.parse(text),
  'evaluateSync(s)': () => evaluateSync(text),
  'evaluateSync(buffer)': () => evaluateSync(bytes),
  'JSON.parse(report json)': () => JSON.parse(reportJson),
}

function timeBatch(fn) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0
  return Number(process.hrtime.bigint() - start) / batch
}

for (const fn of Object.values(variants)) for (let i = 0; i < 2000; i++) fn() // warm-up

const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of Object.entries(variants)) samples[name].push(timeBatch(fn))
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}
const base = median(samples['JSON.parse(s)'])
console.log(`hullcheck ${version()} on Node ${process.version}; document ${text.length} bytes, report ${reportJson.length} bytes`)
console.log(`${rounds} rounds x ${batch} calls; median per call:`)
for (const [name, xs] of Object.entries(samples)) {
  const m = median(xs)
  console.log(`  ${name.padEnd(26)} ${(m / 1000).toFixed(2).padStart(8)} us   ${(m / base).toFixed(2)}x JSON.parse(s)`)
}
console.log(`ratio evaluateSync(s) / JSON.parse(s) = ${(median(samples['evaluateSync(s)']) / base).toFixed(2)} (target <= 1.00)`)
if (sink < 0) console.log(sink)
