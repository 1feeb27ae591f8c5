// Parse AsyncAPI documents with the official parser (@asyncapi/parser); print each error, exit 1 on any.
const fs = require("fs");
const { Parser } = require("@asyncapi/parser");

(async () => {
  const parser = new Parser();
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const { document, diagnostics } = await parser.parse(fs.readFileSync(file, "utf8"));
    const errors = diagnostics.filter((d) => d.severity === 0);
    for (const d of errors) console.log(`${file}: ${d.code}: ${d.message} at ${JSON.stringify(d.path)}`);
    if (!document || errors.length) failed += 1;
  }
  process.exit(failed ? 1 : 0);
})();
