// Type-checked with usage.ts: the ES module entry (`import`), default and named exports.
import hullcheck, { evaluate } from 'hullcheck'
import type { Report } from 'hullcheck'

const report: Report = await evaluate('[]')
const same: Report = hullcheck.evaluateSync('[]')
const kinds: string[] = hullcheck.formats()
console.log(report.passed, same.summary.subjects, kinds)
