// The CommonJS entry of the package: the native functions (binding.js, the loader `napi build`
// generates) and the two written here on top of them, which need JavaScript's iteration
// protocols and promises:
//
// - evaluateStream(source, options): a lazy async iterator of one report per document of any
//   iterable or async iterable (an array, a generator, a readline interface over an NDJSON
//   file). It pulls one item at a time and evaluates it with `evaluate` (a libuv worker).
// - evaluateMany(bundles, options): the reports of many bundles, spread over the libuv thread
//   pool in chunks, each chunk evaluated in order by one worker with `evaluateBatch`.
'use strict'

const { availableParallelism } = require('node:os')

const binding = require('./binding.js')

const { evaluate, evaluateBatch } = binding

/** An Error with a hullcheck `code`, as the native functions throw them. */
function usageError(message) {
  const error = new Error(message)
  error.code = 'ERR_HULLCHECK_USAGE'
  error.kind = 'usage'
  return error
}

function typeLabel(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}

/** Splits the options of a JavaScript-level function into the native ones and its own. */
function splitOptions(options, own) {
  if (options === undefined || options === null) return [undefined, {}]
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw usageError(`options must be an object, got ${typeLabel(options)}`)
  }
  const native = {}
  const mine = {}
  for (const key of Object.keys(options)) {
    if (own.includes(key)) mine[key] = options[key]
    else native[key] = options[key]
  }
  return [native, mine]
}

function isBlankText(value) {
  if (typeof value === 'string') return value.trim() === ''
  // A Buffer or Uint8Array: blank when it holds only ASCII white space.
  for (let i = 0; i < value.length; i++) {
    const byte = value[i]
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false
  }
  return true
}

/** `{source, content, kind?}` items, as `evaluate` recognises them. */
function isItem(value) {
  const keys = Object.keys(value)
  return keys.includes('content') && keys.every((k) => k === 'source' || k === 'content' || k === 'kind')
}

/**
 * The async iterator `evaluateStream` returns. `next()` calls are served in order, one at a
 * time; each pulls items from the source until a non-blank one, and evaluates it.
 */
class ReportStream {
  #items
  #options
  #kind
  #source
  #position = 0
  #done = false
  #tail = Promise.resolve()

  constructor(items, options, kind, source) {
    this.#items = items
    this.#options = options
    this.#kind = kind
    this.#source = source
  }

  [Symbol.asyncIterator]() {
    return this
  }

  /** The next report; rejects for a bad document, after which the stream goes on. */
  next() {
    return this.#enqueue(() => this.#step())
  }

  /** Stops the stream and closes the source. */
  return(value) {
    return this.#enqueue(async () => {
      if (!this.#done) {
        this.#done = true
        if (typeof this.#items.return === 'function') await this.#items.return()
      }
      return { value, done: true }
    })
  }

  get [Symbol.toStringTag]() {
    return 'ReportStream'
  }

  #enqueue(step) {
    const result = this.#tail.then(step)
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }

  #name(position) {
    return this.#source == null ? `input[${position}]` : `${this.#source}:${position + 1}`
  }

  async #step() {
    while (!this.#done) {
      const { value, done } = await this.#items.next()
      if (done) {
        this.#done = true
        break
      }
      const name = this.#name(this.#position++)
      const document = this.#document(value, name)
      if (document === null) continue
      return { value: await evaluate(document, this.#options), done: false }
    }
    return { value: undefined, done: true }
  }

  /** The item as a named `{source, content, kind}` item for `evaluate`, or null when blank. */
  #document(value, name) {
    const kind = this.#kind ?? undefined
    if (typeof value === 'string' || value instanceof Uint8Array) {
      return isBlankText(value) ? null : { source: name, content: value, kind }
    }
    if (value !== null && typeof value === 'object') {
      if (isItem(value)) {
        return { source: value.source ?? name, content: value.content, kind: value.kind ?? kind }
      }
      return { source: name, content: value, kind }
    }
    throw usageError(
      `${name} must be a JSON string, a Buffer, a parsed object or array, or a {source, content} item; got ${typeLabel(value)}`,
    )
  }
}

/**
 * Evaluates each document of `source` on its own, lazily: returns an async iterator of reports
 * that pulls one item from `source` (an iterable or async iterable) per report. Strings and
 * Buffers are JSON texts (blank ones, such as empty NDJSON lines, are skipped); objects and
 * arrays are parsed documents; `{source, content, kind?}` items name their document. Items are
 * named `input[i]` (their position), or `<options.source>:<i + 1>`.
 *
 * A bad document rejects the `next()` call that reaches it, with `ERR_HULLCHECK_INVALID_INPUT`
 * and `source` naming the item; the stream goes on with the following item on the next call.
 */
function evaluateStream(source, options) {
  const [native, own] = splitOptions(options, ['kind', 'source'])
  // The name itself is checked by the native side, at the first item.
  if (own.kind != null && typeof own.kind !== 'string') {
    throw usageError(`options.kind must be a document kind name, got ${typeLabel(own.kind)}`)
  }
  if (own.source != null && typeof own.source !== 'string') {
    throw usageError(`options.source must be a string, got ${typeLabel(own.source)}`)
  }
  if (typeof source === 'string' || source instanceof Uint8Array) {
    throw usageError('source must be an iterable of documents, got one document (use evaluate(), or wrap it in an array)')
  }
  let items
  if (source != null && typeof source[Symbol.asyncIterator] === 'function') {
    items = source[Symbol.asyncIterator]()
  } else if (source != null && typeof source[Symbol.iterator] === 'function') {
    items = source[Symbol.iterator]()
  } else {
    throw usageError(`source must be an iterable or async iterable of documents, got ${typeLabel(source)}`)
  }
  return new ReportStream(items, native, own.kind, own.source)
}

/** The concurrency `evaluateMany` uses by default: the libuv pool's size, at most the cores. */
function defaultConcurrency() {
  const pool = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10)
  return Math.max(1, Math.min(Number.isInteger(pool) && pool > 0 ? pool : 4, availableParallelism()))
}

/** Bundles per `evaluateBatch` call: small enough to keep every worker busy to the end. */
const MAX_CHUNK = 256

/**
 * Evaluates many bundles (each one what `evaluate` takes) on the libuv thread pool and
 * resolves to their reports, in order. The bundles are split into chunks; at most
 * `options.concurrency` chunks are evaluated at once, each by one worker (`evaluateBatch`),
 * while the main thread reads the next chunk's arguments and parses finished reports.
 *
 * The first bad bundle by index rejects the call: its error has `bundle` (the index) and a
 * message starting with `bundles[i]: `.
 */
async function evaluateMany(bundles, options) {
  const [native, own] = splitOptions(options, ['concurrency'])
  let concurrency = defaultConcurrency()
  if (own.concurrency != null) {
    if (!Number.isInteger(own.concurrency) || own.concurrency < 1) {
      throw usageError(`options.concurrency must be a whole number of at least 1, got ${own.concurrency}`)
    }
    concurrency = own.concurrency
  }
  if (bundles == null || typeof bundles === 'string' || typeof bundles[Symbol.iterator] !== 'function') {
    throw usageError(`bundles must be an array (or iterable) of bundles, got ${typeLabel(bundles)}`)
  }
  const all = Array.isArray(bundles) ? bundles : Array.from(bundles)
  const size = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(all.length / concurrency)))
  const results = []
  const failures = []
  let next = 0
  const worker = async () => {
    while (next < all.length && failures.length === 0) {
      const start = next
      next += size
      try {
        results[start / size] = await evaluateBatch(all.slice(start, start + size), native)
      } catch (error) {
        failures.push(rebase(error, start))
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.ceil(all.length / size)) }, worker))
  if (failures.length) {
    // The chunks before a failed one were all started; the lowest index is the first bad bundle.
    failures.sort((a, b) => (a.bundle ?? -1) - (b.bundle ?? -1))
    throw failures[0]
  }
  return results.flat()
}

/** Makes the bundle index of a chunk's error an index into the whole batch. */
function rebase(error, offset) {
  if (error && typeof error === 'object' && Number.isInteger(error.bundle)) {
    const local = error.bundle
    error.bundle = local + offset
    error.message = error.message.replace(`bundles[${local}]: `, `bundles[${error.bundle}]: `)
  }
  return error
}

module.exports = { ...binding, evaluateStream, evaluateMany }
