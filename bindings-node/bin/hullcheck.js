#!/usr/bin/env node
// The `hullcheck` command: the same one as the Rust binary and the Python wheel's console script
// (hullcheck_cli::run_process). Rust reads standard input and writes standard output and error
// itself, so nothing is written from JavaScript and every install prints the same bytes.
'use strict'

process.exitCode = require('../binding.js').runCli(process.argv.slice(2))
