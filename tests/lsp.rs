//! `policy lsp`, driven by a scripted JSON-RPC client over the real binary's
//! standard input and output: each feature on the WebPro policies and on
//! broken copies of them.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value as Json};

const REFUNDS: &str = include_str!("../policies/webpro/refunds.policy");
const PRIVACY: &str = include_str!("../policies/webpro/privacy.policy");
const URI: &str = "file:///work/refunds.policy";

/// The server, and what it has said besides answers.
struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications received, in order.
    notifications: Vec<Json>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policy"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("policy lsp starts");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut client = Client {
            child,
            input,
            output,
            next_id: 0,
            notifications: vec![],
        };
        let init = client.request(
            "initialize",
            json!({ "capabilities": {}, "processId": null }),
        );
        assert!(
            init["capabilities"]["hoverProvider"]
                .as_bool()
                .unwrap_or(false),
            "{init}"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Json) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.input.flush().expect("flush");
    }

    fn receive(&mut self) -> Json {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.output.read_line(&mut line).expect("a header line");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        self.output.read_exact(&mut body).expect("the body");
        serde_json::from_slice(&body).expect("JSON")
    }

    fn notify(&mut self, method: &str, params: Json) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request; its answer (notifications on the way are kept).
    fn request(&mut self, method: &str, params: Json) -> Json {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return match message.get("error") {
                    Some(error) => json!({ "error": error }),
                    None => message["result"].clone(),
                };
            }
            self.notifications.push(message);
        }
    }

    /// The diagnostics published after the last change: wait for them.
    fn diagnostics(&mut self) -> Json {
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .rposition(|n| n["method"] == "textDocument/publishDiagnostics")
            {
                let n = self.notifications.remove(i);
                self.notifications.clear();
                return n["params"]["diagnostics"].clone();
            }
            let message = self.receive();
            self.notifications.push(message);
        }
    }

    fn open(&mut self, text: &str) -> Json {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "policy", "version": 1, "text": text } }),
        );
        self.diagnostics()
    }

    fn change(&mut self, version: i32, text: &str) -> Json {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics()
    }

    fn at(&mut self, method: &str, text: &str, needle: &str, extra: Json) -> Json {
        let mut params =
            json!({ "textDocument": { "uri": URI }, "position": position(text, needle) });
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        self.request(method, params)
    }

    fn stop(mut self) {
        let answer = self.request("shutdown", Json::Null);
        assert_eq!(answer, Json::Null);
        self.notify("exit", Json::Null);
        let status = self.child.wait().expect("the server ends");
        assert!(status.success(), "policy lsp exited with {status}");
    }
}

/// The position of the first `needle` in `text` (`|` in it marks the spot).
fn position(text: &str, needle: &str) -> Json {
    let (before, _) = needle.split_once('|').unwrap_or(("", needle));
    let start = text
        .find(&needle.replace('|', ""))
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    let offset = start + before.len();
    let line = text[..offset].matches('\n').count();
    let column = text[..offset]
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .encode_utf16()
        .count();
    json!({ "line": line, "character": column })
}

fn line_of(range: &Json) -> u64 {
    range["start"]["line"].as_u64().expect("a line")
}

#[test]
fn diagnostics_come_on_open_and_on_each_change_as_check_gives_them() {
    let mut c = Client::start();
    assert_eq!(c.open(REFUNDS), json!([]));
    let broken = REFUNDS.replace(
        "refund 100% of paid if reason",
        "refund 100% of payed if reason",
    );
    let found = c.change(2, &broken);
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["code"], "policy::unknown_name");
    assert_eq!(found[0]["severity"], 1);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("help: did you mean `paid`?"),
        "{found}"
    );
    let syntax = c.change(
        3,
        &REFUNDS.replace("refund 100% of paid if", "refund 100% paid if"),
    );
    assert_eq!(syntax[0]["code"], "policy::syntax");
    let quote = c.change(
        4,
        &REFUNDS.replace("within 15 days of the", "within 30 days of the"),
    );
    assert_eq!(quote[0]["code"], "policy::quote_mismatch");
    assert_eq!(quote[0]["severity"], 2);
    assert_eq!(
        quote[0]["relatedInformation"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(c.change(5, REFUNDS), json!([]));
    c.stop();
}

#[test]
fn hover_explains_facts_definitions_clauses_outputs_and_keywords() {
    let mut c = Client::start();
    c.open(REFUNDS);
    let hover = |c: &mut Client, needle: &str| {
        let h = c.at("textDocument/hover", REFUNDS, needle, json!({}));
        h["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    let fact = hover(&mut c, "refund 100% of pa|id");
    assert!(
        fact.contains("fact paid: money") && fact.contains("total charged"),
        "{fact}"
    );
    let definition = hover(&mut c, "and primary_fa|iled");
    assert!(
        definition.contains("define primary_failed ="),
        "{definition}"
    );
    let clause = hover(&mut c, "precedence cancellation|.1");
    assert!(
        clause.contains("15-day guarantee") && clause.contains("> WebPro IT Solutions"),
        "{clause}"
    );
    let output = hover(&mut c, "output unmet = unmet requirements of ref|und");
    assert!(output.contains("output refund: money"), "{output}");
    let keyword = hover(&mut c, "primary_resolved_on with|in 15 days");
    assert!(keyword.contains("both ends included"), "{keyword}");
    let value = hover(&mut c, "reason is unres|olved and");
    assert!(value.contains("a value of `reason`"), "{value}");
    c.stop();
}

#[test]
fn definition_references_and_rename_cover_every_use() {
    let mut c = Client::start();
    c.open(REFUNDS);
    let def = c.at(
        "textDocument/definition",
        REFUNDS,
        "and primary_fa|iled",
        json!({}),
    );
    assert_eq!(
        line_of(&def["range"]),
        position(REFUNDS, "define primary_failed")["line"]
            .as_u64()
            .expect("line")
    );
    let refs = c.at(
        "textDocument/references",
        REFUNDS,
        "subscription_char|ges * days_left",
        json!({ "context": { "includeDeclaration": true } }),
    );
    assert_eq!(refs.as_array().map(Vec::len), Some(3), "{refs}");
    let prepare = c.at(
        "textDocument/prepareRename",
        REFUNDS,
        "precedence cancellation|.1",
        json!({}),
    );
    assert_eq!(
        line_of(&prepare),
        position(REFUNDS, "precedence")["line"]
            .as_u64()
            .expect("line")
    );
    let edit = c.at(
        "textDocument/rename",
        REFUNDS,
        "precedence cancellation|.1",
        json!({ "newName": "guarantee.1" }),
    );
    let edits = edit["changes"][URI].as_array().cloned().unwrap_or_default();
    assert_eq!(edits.len(), 2, "the clause and its precedence line: {edit}");
    let refused = c.at(
        "textDocument/rename",
        REFUNDS,
        "refund 100% of pa|id",
        json!({ "newName": "days" }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("cannot be a name"),
        "{refused}"
    );
    c.stop();
}

fn labels(items: &Json) -> Vec<String> {
    items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn completion_offers_what_fits_where_the_cursor_is() {
    let mut c = Client::start();
    c.open(REFUNDS);
    let typed = REFUNDS.replace(
        "precedence cancellation.1 >",
        "precedence cancellation.1 > \nclause x \"t\"\n  refund paid if reason is \n  require \"plan\" in \n  when pa",
    );
    c.change(2, &typed);
    let after = |c: &mut Client, needle: &str| {
        labels(&c.at("textDocument/completion", &typed, needle, json!({})))
    };
    let clauses = after(&mut c, "precedence cancellation.1 > |");
    assert!(clauses.contains(&"refund.3".to_string()), "{clauses:?}");
    assert_eq!(
        after(&mut c, "if reason is |"),
        ["none", "unresolved", "dissatisfied"]
    );
    assert_eq!(after(&mut c, "\"plan\" in |"), ["stated"]);
    let names = after(&mut c, "when pa|");
    for name in ["paid", "primary_failed", "refund", "within"] {
        assert!(
            names.contains(&name.to_string()),
            "{name} missing from {names:?}"
        );
    }
    c.stop();
}

#[test]
fn formatting_outline_and_quick_fixes() {
    let mut c = Client::start();
    let messy = REFUNDS.replace("output refund: money    ", "output refund:money ");
    c.open(&messy);
    let edits = c.request("textDocument/formatting", json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(
        edits[0]["newText"], REFUNDS,
        "formatting gives policy fmt's text"
    );
    let outline = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let clauses: Vec<&str> = outline
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["kind"] == 3)
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        clauses,
        [
            "cancellation.1",
            "cancellation.3",
            "refund.2",
            "refund.3",
            "refund.1"
        ]
    );

    let typo = REFUNDS.replace(
        "refund 100% of paid if reason",
        "refund 100% of payed if reason",
    );
    c.change(2, &typo);
    let at = position(&typo, "payed");
    let range = json!({ "start": at, "end": at });
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": range, "context": { "diagnostics": [] } }),
    );
    assert_eq!(actions[0]["title"], "Replace with `paid`", "{actions}");
    let edit = &actions[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "paid");
    assert_eq!(edit["range"]["start"], at);

    let amount = REFUNDS.replace(
        "if issues_resolved >= 1 and reason",
        "if paid > 100 and reason",
    );
    c.change(3, &amount);
    let at = position(&amount, "100 and reason");
    let actions = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": URI }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }));
    assert_eq!(
        actions[0]["edit"]["changes"][URI][0]["newText"], "$100",
        "{actions}"
    );
    assert_eq!(
        actions[0]["edit"]["changes"][URI][0]["range"]["start"], at,
        "{actions}"
    );

    let space = REFUNDS.replace("refund 100% of paid if", "refund 100%\u{a0}of paid if");
    c.change(4, &space);
    let at = position(&space, "\u{a0}of paid");
    let actions = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": URI }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }));
    assert_eq!(
        actions[0]["edit"]["changes"][URI][0]["newText"], " ",
        "{actions}"
    );

    let undeclared = REFUNDS.replace(
        "  refund 100% of paid if reason",
        "  cashback 5% of paid\n  refund 100% of paid if reason",
    );
    c.change(5, &undeclared);
    let at = position(&undeclared, "cashback");
    let actions = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": URI }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }));
    assert_eq!(
        actions[0]["title"], "Declare `output cashback: money`",
        "{actions}"
    );
    let edit = &actions[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "output cashback: money\n\n");
    assert_eq!(
        edit["range"]["start"],
        position(&undeclared, "clause cancellation.1")
    );

    let quote = REFUNDS.replace("within 15 days of the", "within 30 days of the");
    c.change(6, &quote);
    let at = position(&quote, "30 days of the");
    let actions = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": URI }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }));
    let inserted = actions[0]["edit"]["changes"][URI][0]["newText"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(inserted.starts_with("  aside \"30 days\": "), "{actions}");
    c.stop();
}

#[test]
fn a_permission_policy_and_a_file_that_does_not_parse_are_served_too() {
    let mut c = Client::start();
    assert_eq!(c.open(PRIVACY), json!([]));
    let hover = c.at(
        "textDocument/hover",
        PRIVACY,
        "when action is coo|kie",
        json!({}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("a value of `action`"),
        "{hover}"
    );
    let cut = &PRIVACY[..PRIVACY.find("clause privacy.use").expect("a clause")];
    let broken = format!("{cut}clause privacy.use \"t\n");
    let found = c.change(2, &broken);
    assert_eq!(found[0]["code"], "policy::syntax", "{found}");
    let outline = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(
        outline.as_array().is_some_and(|o| !o.is_empty()),
        "the last good outline: {outline}"
    );
    let edits = c.request("textDocument/formatting", json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(edits, json!([]));
    c.stop();
}
