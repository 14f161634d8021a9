//! `policy lsp`: the language server, over standard input and output. A
//! shell over the library: every answer comes from its parser, checker,
//! analysis, quote check, formatter and name index (see `document`); this
//! module only speaks the protocol (lsp-server, lsp-types), which the
//! library never sees.

mod actions;
mod complete;
mod document;
mod features;

use std::collections::HashMap;

use lsp_server::{Connection, ExtractError, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, DocumentSymbolResponse,
    GotoDefinitionResponse, HoverProviderCapability, OneOf, PublishDiagnosticsParams,
    RenameOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde_json::Value as Json;

use document::Document;
use policy::cli::Exit;

/// Serve until the editor says `exit`. The exit code: 0 after a clean
/// shutdown, 1 otherwise.
pub fn serve() -> Exit {
    let (connection, io) = Connection::stdio();
    let code = match run(&connection) {
        Ok(()) => Exit::Success,
        Err(e) => {
            eprintln!("policy lsp: {e}");
            Exit::Failure
        }
    };
    drop(connection);
    match io.join() {
        Ok(()) => code,
        Err(e) => {
            eprintln!("policy lsp: {e}");
            Exit::Failure
        }
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".to_string(), ",".to_string()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

fn run(connection: &Connection) -> Result<(), Box<dyn std::error::Error + Sync + Send>> {
    let capabilities = serde_json::to_value(capabilities())?;
    connection.initialize(capabilities)?;
    let mut server = Server {
        connection,
        documents: HashMap::new(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                server.request(request)?;
            }
            Message::Notification(n) => server.notification(n)?,
            Message::Response(_) => {}
        }
    }
    Ok(())
}

type Outcome = Result<(), Box<dyn std::error::Error + Sync + Send>>;

struct Server<'c> {
    connection: &'c Connection,
    /// Open documents by URI.
    documents: HashMap<Uri, Document>,
}

/// A request's parameters, or the error to answer it with.
fn params<R: lsp_types::request::Request>(
    request: Request,
) -> Result<(RequestId, R::Params), Box<Response>> {
    let id = request.id.clone();
    request.extract::<R::Params>(R::METHOD).map_err(|e| {
        let message = match e {
            ExtractError::JsonError { error, .. } => error.to_string(),
            ExtractError::MethodMismatch(r) => format!("unexpected method {}", r.method),
        };
        Box::new(Response::new_err(
            id,
            lsp_server::ErrorCode::InvalidParams as i32,
            message,
        ))
    })
}

impl Server<'_> {
    fn send(&self, message: impl Into<Message>) -> Outcome {
        self.connection.sender.send(message.into())?;
        Ok(())
    }

    fn request(&mut self, request: Request) -> Outcome {
        let response = match request.method.as_str() {
            HoverRequest::METHOD => self.answer::<HoverRequest>(request, |s, p| {
                let at = p.text_document_position_params;
                Ok(s.doc(&at.text_document.uri)
                    .and_then(|d| features::hover(d, at.position)))
            }),
            GotoDefinition::METHOD => self.answer::<GotoDefinition>(request, |s, p| {
                let at = p.text_document_position_params;
                let uri = at.text_document.uri;
                Ok(s.doc(&uri)
                    .and_then(|d| features::definition(d, &uri, at.position))
                    .map(GotoDefinitionResponse::Scalar))
            }),
            References::METHOD => self.answer::<References>(request, |s, p| {
                let at = p.text_document_position;
                let uri = at.text_document.uri;
                let declaration = p.context.include_declaration;
                Ok(s.doc(&uri)
                    .map(|d| features::references(d, &uri, at.position, declaration)))
            }),
            PrepareRenameRequest::METHOD => self.answer::<PrepareRenameRequest>(request, |s, p| {
                match s.doc(&p.text_document.uri) {
                    Some(d) => features::prepare_rename(d, p.position).map(Some),
                    None => Ok(None),
                }
            }),
            Rename::METHOD => self.answer::<Rename>(request, |s, p| {
                let at = p.text_document_position;
                let uri = at.text_document.uri;
                match s.doc(&uri) {
                    Some(d) => features::rename(d, &uri, at.position, &p.new_name).map(Some),
                    None => Ok(None),
                }
            }),
            Completion::METHOD => self.answer::<Completion>(request, |s, p| {
                let at = p.text_document_position;
                Ok(s.doc(&at.text_document.uri)
                    .map(|d| complete::completion(d, at.position).into()))
            }),
            Formatting::METHOD => self.answer::<Formatting>(request, |s, p| {
                Ok(s.doc(&p.text_document.uri).map(features::formatting))
            }),
            DocumentSymbolRequest::METHOD => {
                self.answer::<DocumentSymbolRequest>(request, |s, p| {
                    Ok(s.doc(&p.text_document.uri)
                        .map(|d| DocumentSymbolResponse::Nested(features::outline(d))))
                })
            }
            CodeActionRequest::METHOD => self.answer::<CodeActionRequest>(request, |s, p| {
                let uri = p.text_document.uri;
                Ok(s.doc(&uri).map(|d| actions::code_actions(d, &uri, p.range)))
            }),
            _ => Response::new_err(
                request.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("policy lsp does not answer {}", request.method),
            ),
        };
        self.send(response)
    }

    /// The response to a request of type `R`, from `answer`'s result (an
    /// error message becomes a request-failed error).
    fn answer<R: lsp_types::request::Request>(
        &self,
        request: Request,
        answer: impl FnOnce(&Self, R::Params) -> Result<R::Result, String>,
    ) -> Response {
        let (id, p) = match params::<R>(request) {
            Ok(ok) => ok,
            Err(response) => return *response,
        };
        match answer(self, p) {
            Ok(result) => Response::new_ok(id, result),
            Err(message) => {
                Response::new_err(id, lsp_server::ErrorCode::RequestFailed as i32, message)
            }
        }
    }

    fn doc(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(uri)
    }

    fn notification(&mut self, n: Notification) -> Outcome {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri;
                self.documents
                    .insert(uri.clone(), Document::new(p.text_document.text));
                self.publish(&uri, Some(p.text_document.version))
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri;
                // Full sync: the last change holds the whole text.
                if let (Some(doc), Some(change)) = (
                    self.documents.get_mut(&uri),
                    p.content_changes.into_iter().last(),
                ) {
                    doc.replace(change.text);
                }
                self.publish(&uri, Some(p.text_document.version))
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                self.documents.remove(&p.text_document.uri);
                let clear = PublishDiagnosticsParams::new(p.text_document.uri, vec![], None);
                self.send(Notification::new(
                    PublishDiagnostics::METHOD.to_string(),
                    clear,
                ))
            }
            _ => Ok(()),
        }
    }

    fn publish(&self, uri: &Uri, version: Option<i32>) -> Outcome {
        let Some(doc) = self.documents.get(uri) else {
            return Ok(());
        };
        let diagnostics = doc
            .problems
            .iter()
            .map(|p| actions::diagnostic(doc, uri, p))
            .collect();
        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, version);
        let value: Json = serde_json::to_value(params)?;
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            value,
        ))
    }
}
