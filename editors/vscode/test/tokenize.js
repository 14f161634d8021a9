// Tokenizes every shipped policy (and the other policies of the repository
// that parse) with the extension's TextMate grammar, as VS Code does
// (vscode-textmate over the Oniguruma regular expressions), and fails on any
// line with a character the grammar gives no scope of its own.
"use strict";
const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const here = path.join(__dirname, "..");
const root = path.join(here, "..", "..");
const grammarPath = path.join(here, "syntaxes", "policy.tmLanguage.json");

function policyFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return policyFiles(p);
      return e.name.endsWith(".policy") ? [p] : [];
    });
}

async function main() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === "source.policy"
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar("source.policy");
  const files = [
    ...policyFiles(path.join(root, "policies")),
    ...policyFiles(path.join(root, "tests", "analysis")),
    ...policyFiles(path.join(root, "tests", "fixtures")),
  ];
  let lines = 0;
  const failures = [];
  for (const file of files) {
    let stack = vsctm.INITIAL;
    const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    text.split(/\r?\n/).forEach((line, i) => {
      const result = grammar.tokenizeLine(line, stack);
      for (const t of result.tokens) {
        const piece = line.slice(t.startIndex, t.endIndex);
        if (piece.trim() !== "" && t.scopes.length < 2) {
          failures.push(`${path.relative(root, file)}:${i + 1}: no scope for \`${piece}\` in: ${line}`);
        }
      }
      stack = result.ruleStack;
      lines += 1;
    });
  }
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    console.error(`${failures.length} unscoped piece(s) in ${files.length} policy file(s)`);
    process.exit(1);
  }
  console.log(`tokenized ${files.length} policy file(s), ${lines} lines: every line scoped`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
