// Shared by the tests: paths, the conformance cases, and a check of a value against a JSON Schema
// subset (what schemars emits: $ref, oneOf/anyOf, const, type, properties, required,
// additionalProperties, items).
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
export const repoRoot = join(packageDir, '..')

export function readJson(...parts) {
  return JSON.parse(readFileSync(join(repoRoot, ...parts), 'utf8'))
}

export function cases() {
  const dir = join(repoRoot, 'spec', 'cases')
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(dir, name), 'utf8')) }))
}

/** Returns a list of problems (empty when `value` matches `schema`). */
export function schemaProblems(value, schema, root = schema, at = '') {
  if (schema === true || schema === undefined) return []
  if (schema.$ref) {
    return schemaProblems(value, root.$defs[schema.$ref.replace('#/$defs/', '')], root, at)
  }
  const alternatives = schema.oneOf || schema.anyOf
  if (alternatives) {
    const ok = alternatives.some((alt) => schemaProblems(value, alt, root, at).length === 0)
    return ok ? [] : [`${at || '/'}: ${JSON.stringify(value)} matches none of the alternatives`]
  }
  if (schema.const !== undefined && value !== schema.const) {
    return [`${at || '/'}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`]
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  if (types.length && !types.some((t) => hasType(value, t))) {
    return [`${at || '/'}: expected ${types.join('|')}, got ${JSON.stringify(value)}`]
  }
  const problems = []
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => problems.push(...schemaProblems(item, schema.items, root, `${at}/${i}`)))
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of schema.required || []) {
      if (!(key in value)) problems.push(`${at}/${key}: required key missing`)
    }
    for (const [key, item] of Object.entries(value)) {
      const prop = schema.properties?.[key]
      if (prop) problems.push(...schemaProblems(item, prop, root, `${at}/${key}`))
      else if (schema.additionalProperties !== undefined) {
        problems.push(...schemaProblems(item, schema.additionalProperties, root, `${at}/${key}`))
      } else if (schema.properties) problems.push(`${at}/${key}: key not in the schema`)
    }
  }
  return problems
}

function hasType(value, type) {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value)
    case 'array':
      return Array.isArray(value)
    case 'integer':
      return Number.isInteger(value)
    case 'null':
      return value === null
    default:
      return typeof value === type
  }
}
