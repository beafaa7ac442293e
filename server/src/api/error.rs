//! The API's one error type and the extractors that read requests without
//! ever answering a client's mistake with a 5xx.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use convene::error::ErrorClass;
use convene::DomainError;
use serde::de::DeserializeOwned;
use serde_json::json;
use uuid::Uuid;

use crate::store::ServiceError;
use convene::error::Code;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), retry_after: None }
    }
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "This needs credentials: a participant token or a facilitator key.")
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("No {what} has that id."))
    }
    pub fn too_large(limit: &str) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", format!("The request body is over the limit of {limit}."))
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        ApiError { status, code: e.code.as_str(), message: e.message, retry_after: None }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Domain(d) => d.into(),
            ServiceError::Unavailable => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "busy",
                message: "The server is busy; your submission was not saved. Try again in a moment.".into(),
                retry_after: Some(1),
            },
            ServiceError::Paced(wait) => ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "rate_limited",
                message: "Too many of these at once; try again later.".into(),
                retry_after: Some(wait),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(s) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Path ids that are not UUIDs name nothing: 404, not 400.
pub fn parse_id(raw: &str, what: &str) -> ApiResult<Uuid> {
    Uuid::try_parse(raw).map_err(|_| ApiError::not_found(what))
}

fn read_json<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(bytes).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => ApiError::from(DomainError::new(
                ErrorClass::Invalid,
                Code::InvalidField,
                format!("A field has the wrong type or is missing: {e}."),
            )),
            _ => ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", format!("The body is not valid JSON: {e}.")),
        }
    })
}

async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> ApiResult<Bytes> {
    // Already read whole, within the body timeout, by `guard::edge`.
    Bytes::from_request(req, state).await.map_err(|rej| {
        if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large("the limit of this endpoint")
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "unreadable_body", "The request body could not be read.")
        }
    })
}

/// A JSON body, required.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        let bytes = body_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", "The request needs a JSON body."));
        }
        read_json(&bytes).map(Json)
    }
}

impl<T: DeserializeOwned> Json<T> {
    /// Reads a body a handler took whole, once it has checked who asks.
    pub async fn from_body(body: axum::body::Body) -> ApiResult<Self> {
        let req = Request::new(body);
        <Self as FromRequest<()>>::from_request(req, &()).await
    }
}

/// A JSON body that may be left out entirely.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        let bytes = body_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        read_json(&bytes).map(OptionalJson)
    }
}
