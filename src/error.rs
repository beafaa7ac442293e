//! The one error type of the domain: a stable code, a sentence a person
//! understands, and the HTTP-like class it belongs to.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// 400: the request could not be read.
    Malformed,
    /// 401: no or bad credentials.
    Unauthorized,
    /// 403: credentials that may not do this.
    Forbidden,
    /// 404: unknown id or code.
    NotFound,
    /// 409: a state conflict.
    Conflict,
    /// 422: a field that fails validation.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    pub class: ErrorClass,
    pub code: &'static str,
    pub message: String,
}

impl DomainError {
    pub fn new(class: ErrorClass, code: &'static str, message: impl Into<String>) -> Self {
        DomainError { class, code, message: message.into() }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Invalid, "invalid_field", message)
    }
    /// A 422 with a more specific code than `invalid_field`.
    pub fn invalid_as(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Invalid, code, message)
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorClass::NotFound, "not_found", format!("No {what} has that id."))
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Conflict, code, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Forbidden, "forbidden", message)
    }
    /// The HTTP status this error maps to.
    pub fn status(&self) -> u16 {
        match self.class {
            ErrorClass::Malformed => 400,
            ErrorClass::Unauthorized => 401,
            ErrorClass::Forbidden => 403,
            ErrorClass::NotFound => 404,
            ErrorClass::Conflict => 409,
            ErrorClass::Invalid => 422,
        }
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for DomainError {}
