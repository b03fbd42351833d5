// ES module entry: the same functions as the CommonJS entry (index.js).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const binding = require('./index.js')

export const {
  Engine,
  evaluate,
  evaluateSync,
  evaluateBatch,
  evaluateMany,
  evaluateStream,
  rules,
  detectKind,
  render,
  formats,
  generateSeccomp,
  generateLabels,
  version,
  runCli,
  collectDocker,
} = binding
export default binding
