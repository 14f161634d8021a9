// Starts `policy lsp` for .policy files: diagnostics as `policy check` gives
// them, hover, go to definition, references, rename, completion, quick
// fixes, the outline of clauses and formatting all come from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("policy").get("server.path", "policy");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "policy",
    "Policy language server",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "policy" }, { scheme: "untitled", language: "policy" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
