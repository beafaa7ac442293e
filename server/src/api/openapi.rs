//! The OpenAPI 3.1 document of the JSON API, made from the handlers' own
//! annotations and the request bodies' types, served at
//! `/api/v1/openapi.json`. Tags say who may call an operation; the document
//! gives each its credentials and the error shape every 4xx answers with.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{RefOr, Response};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use uuid::Uuid;

use super::{facilitation, live, participation, public, report, team};

/// The dialogue a path names.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct DialogueId {
    /// The dialogue's id.
    id: Uuid,
}

/// The contribution a path names.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct ItemId {
    /// The contribution's id.
    cid: Uuid,
}

/// What every 4xx (and a 503) answers: a stable code and a sentence.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `unauthorized`, `not_found`, `invalid_field`…
    code: String,
    /// For people.
    message: String,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Convene", description = "Live civic dialogues: the HTTP API described in docs/api.md."),
    paths(
        public::create, public::import, public::describe, public::delete, public::join_code, public::new_key, public::duplicate, public::audit, team::add, team::list, team::remove,
        participation::join, participation::me, participation::erase, participation::hope, participation::concern,
        participation::reservation, participation::commitment, participation::rating, participation::question,
        participation::recommendation, participation::vote, participation::unvote, participation::endorse,
        participation::unendorse, participation::withdraw,
        facilitation::stage, facilitation::countdown, facilitation::lock, facilitation::unlock, facilitation::hide,
        facilitation::unhide, facilitation::merge, facilitation::unmerge, facilitation::refile, facilitation::answer, facilitation::conclusion,
        facilitation::close, facilitation::publish,
        live::summary, live::contributions, live::events,
        report::report_html, report::report_md, report::report_pdf, report::export_csv, report::export_json,
    ),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&Credentials),
    tags(
        (name = "public", description = "Anyone; a facilitator's key shows more where it says so"),
        (name = "participant", description = "A participant's token (`Authorization: Bearer`, or their seat's cookie)"),
        (name = "facilitator", description = "The dialogue's facilitator key (`Authorization: Bearer`, or a console session)"),
        (name = "organiser", description = "An organiser key from `convene organiser add`"),
    )
)]
struct ApiDoc;

/// The credential each tag needs, and the error answer of every operation.
struct Credentials;

impl Modify for Credentials {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        for (name, what) in [
            ("participant", "A participant token from joining"),
            ("facilitator", "The dialogue's facilitator key"),
            ("organiser", "An organiser key"),
        ] {
            let mut scheme = Http::new(HttpAuthScheme::Bearer);
            scheme.description = Some(what.into());
            components.add_security_scheme(name, SecurityScheme::Http(scheme));
        }
        let error = |what: &str| {
            RefOr::T(
                utoipa::openapi::ResponseBuilder::new()
                    .description(what)
                    .content(
                        "application/json",
                        utoipa::openapi::ContentBuilder::new().schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody"))).build(),
                    )
                    .build(),
            )
        };
        for item in doc.paths.paths.values_mut() {
            let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for op in ops.into_iter().flatten() {
                let tag = op.tags.as_ref().and_then(|t| t.first()).cloned().unwrap_or_default();
                op.security = Some(match tag.as_str() {
                    "participant" | "facilitator" | "organiser" => vec![SecurityRequirement::new::<_, _, &str>(tag, [])],
                    // Public reads: no credential, or the facilitator's for more.
                    _ => vec![SecurityRequirement::default(), SecurityRequirement::new::<_, _, &str>("facilitator", [])],
                });
                let responses: &mut std::collections::BTreeMap<String, RefOr<Response>> = &mut op.responses.responses;
                responses.insert("4XX".into(), error("A client error, with its code; nothing was changed"));
                responses.insert("503".into(), error("Busy or stopping; try again after `Retry-After` seconds"));
            }
        }
    }
}

/// The document, built once.
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_pretty_json().unwrap_or_default())
}

pub async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], document())
}
