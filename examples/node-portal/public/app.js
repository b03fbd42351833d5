// The portal page: reads the pasted or uploaded document, posts it to /api/evaluate and shows
// the findings. Every value from the report is inserted as text, never as HTML.
const form = document.getElementById('input-form')
const textarea = document.getElementById('document')
const status = document.getElementById('status')
const errorBox = document.getElementById('error')
const results = document.getElementById('results')
const summary = document.getElementById('summary')
const tbody = document.querySelector('#findings tbody')
let sourceName = 'pasted.json'

function cell(row, text, className) {
  const td = row.insertCell()
  td.textContent = text
  if (className) td.className = className
  return td
}

/** A cell whose `backticked` parts are shown as code; every part is inserted as text. */
function codeCell(row, text) {
  const td = row.insertCell()
  text.split('`').forEach((part, i) => {
    if (i % 2) {
      const code = document.createElement('code')
      code.textContent = part
      td.append(code)
    } else if (part) {
      td.append(document.createTextNode(part))
    }
  })
  return td
}

function showError(error) {
  results.hidden = true
  errorBox.hidden = false
  errorBox.replaceChildren()
  const title = document.createElement('strong')
  title.textContent = error.code
  const message = document.createElement('p')
  message.textContent = error.message
  errorBox.append(title, message)
  if (error.pointer) {
    const where = document.createElement('p')
    where.textContent = `at ${error.pointer}`
    where.className = 'pointer'
    errorBox.append(where)
  }
}

function showReport(report) {
  errorBox.hidden = true
  results.hidden = false
  tbody.replaceChildren()
  for (const finding of report.findings) {
    const row = tbody.insertRow()
    row.dataset.code = finding.code
    cell(row, finding.severity, `severity ${finding.severity}`)
    const rule = cell(row, `${finding.code} `)
    const name = document.createElement('span')
    name.className = 'rule-name'
    name.textContent = finding.name
    rule.append(name)
    cell(row, finding.subject.name)
    codeCell(row, finding.message)
    codeCell(row, finding.remediation)
  }
  if (report.findings.length === 0) {
    const row = tbody.insertRow()
    const td = cell(row, 'No findings.')
    td.colSpan = 5
  }
  const s = report.summary
  const bySeverity = Object.entries(s.by_severity)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${n} ${sev}`)
    .join(', ')
  summary.textContent =
    `${s.findings} finding(s) in ${s.subjects} container(s) from ${s.rules} rule(s)` +
    (bySeverity ? ` (${bySeverity})` : '') +
    `. Gate (fail on ${report.fail_on}): ${report.passed ? 'passed' : 'failed'}.`
  summary.className = report.passed ? 'passed' : 'failed'
}

async function check() {
  status.textContent = 'Checking…'
  try {
    const response = await fetch(`/api/evaluate?source=${encodeURIComponent(sourceName)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: textarea.value,
    })
    const body = await response.json()
    if (response.ok) showReport(body)
    else showError(body.error)
    status.textContent = ''
  } catch (e) {
    status.textContent = ''
    showError({ code: 'ERR_PORTAL_NETWORK', message: String(e) })
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  check()
})

textarea.addEventListener('input', () => {
  sourceName = 'pasted.json'
})

document.getElementById('file').addEventListener('change', async (event) => {
  const [file] = event.target.files
  if (!file) return
  textarea.value = await file.text()
  sourceName = file.name
  check()
})

document.getElementById('load-sample').addEventListener('click', async () => {
  const response = await fetch('/api/sample')
  textarea.value = await response.text()
  sourceName = 'sample.json'
  status.textContent = 'Sample loaded: two containers from `docker inspect`.'
})
