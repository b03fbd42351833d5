// Type-checked by types.test.mjs (`tsc --noEmit`): how a TypeScript caller uses the package.
// The @ts-expect-error lines prove the declarations reject wrong calls.
import { evaluate, evaluateSync, evaluateBatch, evaluateMany, evaluateStream, rules, detectKind, render, formats, generateSeccomp, generateLabels, runCli, collectDocker } from 'hullcheck'
import type { Collection, CollectDockerOptions, Diagnostic, EvaluateManyOptions, ReportStream, GeneratedSeccomp, GenerateSeccompOptions, GeneratedLabels, GenerateLabelsOptions, LabelFacts, Finding, HullcheckError, InputProblem, Report, RuleEntry, Severity, SubjectRef, Suppressed } from 'hullcheck'

async function main(): Promise<void> {
  const inspect: object[] = [{ Id: 'c1', Name: '/web', HostConfig: { Privileged: true } }]
  const report: Report = await evaluate(inspect, { policy: { select: ['CFG'], fail_on: 'high' }, now: new Date() })
  const again: Report = evaluateSync(JSON.stringify(inspect), { now: 1767225600 })
  const composed: Report = evaluateSync('services:\n  web:\n    image: nginx:${TAG}\n', { compose: { variables: { TAG: '1.27' }, project: 'shop' } })
  console.log(composed.passed)
  const named: Report = evaluateSync([
    { source: 'host-a.json', content: inspect },
    { source: 'host-b.json', content: Buffer.from('[]'), kind: 'container' },
  ])
  const critical: Finding[] = report.findings.filter((f) => f.severity === 'critical')
  const severity: Severity = again.fail_on
  const pointer: string | null | undefined = critical[0]?.location.pointer
  const subjects: number = named.summary.subjects
  const catalog: RuleEntry[] = rules()
  const firstCis: string | undefined = catalog[0]?.references.cis[0]?.id
  const kind: string = detectKind(inspect)
  const table: string = render(report, 'table')
  const sarif: string = render(report, 'sarif')
  // Outcomes refer to report.subjects by index; suppressed and diagnostics are typed.
  const subjectOf = (i: number | null | undefined): SubjectRef | undefined => (i == null ? undefined : report.subjects[i])
  const firstSubject: SubjectRef | undefined = subjectOf(report.outcomes[0]?.subject)
  const waived: Suppressed[] = report.suppressed ?? []
  const reasons: string[] = waived.map((s) => s.waiver.reason)
  const diagnostics: Diagnostic[] = report.diagnostics ?? []
  const suggestions: Array<string | null | undefined> = diagnostics.map((d) => d.suggestion)
  const reportOn: Severity | undefined = report.report_on
  console.log(sarif, firstSubject, reasons, suggestions, reportOn)
  const json: string = render(JSON.stringify(report), formats()[0] ?? 'json')
  console.log(severity, pointer, subjects, firstCis, kind, table, json)
  try {
    evaluateSync('not a document')
  } catch (e) {
    const err = e as HullcheckError
    if (err.code === 'ERR_HULLCHECK_INVALID_INPUT') console.log(err.problem, err.pointer, err.line)
    const duplicate: InputProblem = 'duplicate'
    if (err.problem === duplicate) console.log('two documents describe the same host')
  }

  // Many documents: a lazy stream over any (async) iterable, and batches over the thread pool.
  async function* lines(): AsyncGenerator<string> {
    yield JSON.stringify(inspect[0])
    yield ''
  }
  const stream: ReportStream = evaluateStream(lines(), { policy: { fail_on: 'high' }, now: 0, kind: 'container', source: 'fleet.ndjson' })
  for await (const streamed of stream) console.log(streamed.passed)
  for await (const streamed of evaluateStream([inspect, Buffer.from('{}'), { source: 'a.json', content: '{}' }])) console.log(streamed.summary)
  const manyOptions: EvaluateManyOptions = { concurrency: 2, now: new Date(), policy: '{}' }
  const many: Report[] = await evaluateMany([inspect, JSON.stringify(inspect)], manyOptions)
  const batch: Report[] = await evaluateBatch([inspect], { now: 1 })
  try {
    await evaluateMany(new Set(['{}']))
  } catch (e) {
    const index: number | undefined = (e as HullcheckError).bundle
    console.log(index, many.length, batch.length)
  }
  // @ts-expect-error: a stream's items are documents, not numbers
  evaluateStream([1, 2])
  // @ts-expect-error: evaluateMany takes an iterable of bundles
  void evaluateMany(42)
  // @ts-expect-error: concurrency is a number
  void evaluateMany([], { concurrency: 'all' })
  // @ts-expect-error: the stream's kind is a document kind name
  evaluateStream([], { kind: 'vm' })

  const seccompOptions: GenerateSeccompOptions = { runtime_essentials: false, architectures: ['SCMP_ARCH_AARCH64'] }
  const generated: GeneratedSeccomp = generateSeccomp('read\nwrite\n', seccompOptions)
  const allowedNames: string[] = generated.docker.syscalls.flatMap((rule) => rule.names)
  const added: string[] = generated.diff.added
  const skipped: number[] = generated.observed.skipped_lines
  console.log(allowedNames, added, skipped, generated.oci.defaultAction)

  const labelFacts: LabelFacts = { revision: '0123456789abcdef0123456789abcdef01234567', base_name: 'alpine:3.20' }
  const labelOptions: GenerateLabelsOptions = { schema: 'labels: {}\n' }
  const labelled: GeneratedLabels = generateLabels(labelFacts, labelOptions)
  const labelArgs: string[] = labelled.args
  const problemKinds: Array<'missing' | 'invalid' | 'unlisted'> = labelled.problems.map((p) => p.kind)
  console.log(labelled.labels, labelled.label_lines, labelArgs, problemKinds)
  // @ts-expect-error: facts are named in snake_case, as the core's
  generateLabels({ baseName: 'alpine' })
  // @ts-expect-error: fact values are strings
  generateLabels({ revision: 1 })

  // @ts-expect-error: options of generateSeccomp are snake_case, as the core's
  generateSeccomp('read', { runtimeEssentials: false })
  // @ts-expect-error: the trace is text
  generateSeccomp(['read'])
  // @ts-expect-error: compose variables are strings
  evaluateSync('{}', { compose: { variables: { PRIV: true } } })
  // @ts-expect-error: a number is no document
  evaluateSync(42)
  // @ts-expect-error: `now` is seconds or a Date
  evaluateSync('{}', { now: 'yesterday' })
  // @ts-expect-error: reports have snake_case keys
  console.log(report.failOn)
  // @ts-expect-error: an outcome's subject is an index into report.subjects, not the subject
  const notAnIndex: SubjectRef = report.outcomes[0]!.subject
  // @ts-expect-error: severities are a closed set
  const wrong: Severity = 'urgent'
  // @ts-expect-error: evaluate() returns a Promise
  const notAwaited: Report = evaluate(inspect)
  console.log(wrong, notAwaited, notAnIndex)

  // The command and the collector.
  const status: number = runCli(['--version'])
  const collectOptions: CollectDockerOptions = { host: 'unix:///var/run/docker.sock', all: true }
  const collection: Collection = await collectDocker(collectOptions)
  const version: number = collection.hullcheck_collection
  const kinds: string[] = collection.documents.map((d) => d.kind)
  const fromCollection: Report = await evaluate(collection)
  console.log(status, version, kinds, fromCollection.passed, await collectDocker())
  // @ts-expect-error: runCli takes the arguments as an array
  runCli('--version')
  // @ts-expect-error: the endpoint option is `host`
  void collectDocker({ endpoint: 'unix:///var/run/docker.sock' })
  // @ts-expect-error: collectDocker() returns a Promise
  const notCollected: Collection = collectDocker()
  console.log(notCollected)
}

void main()
