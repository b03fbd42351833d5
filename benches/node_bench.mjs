// evaluateSync(s) beside JSON.parse(s) on a real ~9 KB `docker inspect` document
// (tests/corpus/container-inspect/inspec_docker_inspect_nginx.json, inspec/inspec, Apache-2.0).
//
//   (cd bindings-node && npm ci --no-audit --no-fund && npm run build)   # release addon
//   node benches/node_bench.mjs [--rounds 300] [--batch 200]
//   node benches/node_bench.mjs --batch-scaling [--documents 10000] [--rounds 7]
//   node benches/node_bench.mjs --stream-memory 1.0     # GB of NDJSON through evaluateStream
//
// --batch-scaling instead times evaluateMany on DOCUMENTS copies of the document with
// concurrency 1 and 2 (UV_THREADPOOL_SIZE is 4 unless set, so both fit the pool), rounds
// interleaved, plus evaluateStream over the same texts, and prints the medians and the 2-worker
// speed-up (issue goal: at least 1.8x) with the load average it ran under.
//
// Each round times a batch of calls of every variant, interleaved, so drift in machine load
// hits all of them alike; the numbers are medians over rounds of the per-call time.
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { evaluateMany, evaluateStream, evaluateSync, render, version } from '../bindings-node/index.mjs'

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

if (process.argv.includes('--stream-memory')) {
  await streamMemory(arg('--stream-memory', 1.0))
  process.exit(0)
}

// Peak RSS while evaluateStream reads GIGABYTES of NDJSON lines from an async generator that
// makes each line on demand (compact copies of the document, each with its own Id), so the
// stream never exists in memory.
async function streamMemory(gigabytes) {
  const line = JSON.stringify(JSON.parse(text))
  const total = gigabytes * 1e9
  const count = Math.floor(total / (line.length + 1)) + 1
  let fed = 0
  async function* lines() {
    for (let i = 0; i < count; i++) {
      const doc = line.replace('"Id":"', `"Id":"${i.toString(16).padStart(8, '0')}`)
      fed += doc.length + 1
      yield doc
    }
  }
  const before = process.resourceUsage().maxRSS / 1024
  const start = process.hrtime.bigint()
  let reports = 0
  let findings = 0
  for await (const report of evaluateStream(lines(), { source: 'stream.ndjson' })) {
    reports++
    findings += report.findings.length
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const after = process.resourceUsage().maxRSS / 1024
  console.log(`evaluateStream over ${(fed / 1e9).toFixed(2)} GB of NDJSON (${reports} documents of ${line.length} bytes, ${findings} findings)`)
  console.log(`${seconds.toFixed(1)} s, ${((seconds * 1e6) / reports).toFixed(1)} us per document`)
  console.log(`peak RSS: ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after (goal: under 64 MB)`)
}

if (process.argv.includes('--batch-scaling')) {
  await batchScaling(arg('--documents', 10_000), arg('--rounds', 7))
  process.exit(0)
}

async function batchScaling(documents, scalingRounds) {
  const texts = Array(documents).fill(text)
  const check = await evaluateMany(texts.slice(0, 10), { concurrency: 2 })
  if (JSON.stringify(check) !== JSON.stringify(await evaluateMany(texts.slice(0, 10), { concurrency: 1 }))) {
    throw new Error('concurrency changed the reports')
  }
  const candidates = {
    'evaluateMany concurrency=1': () => evaluateMany(texts, { concurrency: 1 }),
    'evaluateMany concurrency=2': () => evaluateMany(texts, { concurrency: 2 }),
    'evaluateStream (1 at a time)': async () => {
      let n = 0
      for await (const _ of evaluateStream(texts)) n++
      return n
    },
  }
  const loadBefore = loadavg()
  for (const fn of Object.values(candidates)) await fn() // warm-up
  const times = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]))
  const cores = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]))
  for (let r = 0; r < scalingRounds; r++) {
    for (const [name, fn] of Object.entries(candidates)) {
      const cpu = process.cpuUsage()
      const start = process.hrtime.bigint()
      await fn()
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      const used = process.cpuUsage(cpu)
      times[name].push(ms)
      // CPU time over wall time: how many cores the call actually got.
      cores[name].push((used.user + used.system) / 1000 / ms)
    }
  }
  const loadAfter = loadavg()
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  console.log(`hullcheck ${version()} on Node ${process.version}, ${availableParallelism()} CPUs, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '(4)'}`)
  console.log(`document ${text.length} bytes x ${documents}; median of ${scalingRounds} rounds`)
  console.log(`load average (1, 5, 15 min): before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`)
  for (const [name, xs] of Object.entries(times)) {
    const m = med(xs)
    console.log(`  ${name.padEnd(30)} ${m.toFixed(1).padStart(8)} ms  ${((m * 1000) / documents).toFixed(2).padStart(7)} us/document  (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}; ${med(cores[name]).toFixed(2)} cores)`)
  }
  console.log('(cores: the process\'s CPU time over the call\'s wall time; the main thread builds every report object)')
  const ratio = med(times['evaluateMany concurrency=1']) / med(times['evaluateMany concurrency=2'])
  console.log(`speed-up concurrency=2 vs 1: ${ratio.toFixed(2)}x (goal >= 1.8x)`)
}

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
