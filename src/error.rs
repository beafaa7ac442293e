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

/// Every code a domain error carries: stable, part of the HTTP contract
/// (`error.code` in JSON, `?error=` on pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    InvalidField,
    EmptyField,
    TooLong,
    TooMany,
    InvalidTime,
    ConfirmNeeded,
    OutOfScale,
    UnknownTheme,
    FacilitatorsOnly,
    ParticipantsOnly,
    Forbidden,
    Unauthorized,
    NotFound,
    DialogueClosed,
    StageNotOpen,
    DialogueFull,
    LimitReached,
    NoEndorsementsLeft,
    OwnContribution,
    AlreadyMerged,
    HasMergedItems,
    NotMerged,
    NotARecommendation,
}

impl Code {
    pub const ALL: [Code; 23] = [
        Code::InvalidField,
        Code::EmptyField,
        Code::TooLong,
        Code::TooMany,
        Code::InvalidTime,
        Code::ConfirmNeeded,
        Code::OutOfScale,
        Code::UnknownTheme,
        Code::FacilitatorsOnly,
        Code::ParticipantsOnly,
        Code::Forbidden,
        Code::Unauthorized,
        Code::NotFound,
        Code::DialogueClosed,
        Code::StageNotOpen,
        Code::DialogueFull,
        Code::LimitReached,
        Code::NoEndorsementsLeft,
        Code::OwnContribution,
        Code::AlreadyMerged,
        Code::HasMergedItems,
        Code::NotMerged,
        Code::NotARecommendation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidField => "invalid_field",
            Code::EmptyField => "empty_field",
            Code::TooLong => "too_long",
            Code::TooMany => "too_many",
            Code::InvalidTime => "invalid_time",
            Code::ConfirmNeeded => "confirm_needed",
            Code::OutOfScale => "out_of_scale",
            Code::UnknownTheme => "unknown_theme",
            Code::FacilitatorsOnly => "facilitators_only",
            Code::ParticipantsOnly => "participants_only",
            Code::Forbidden => "forbidden",
            Code::Unauthorized => "unauthorized",
            Code::NotFound => "not_found",
            Code::DialogueClosed => "dialogue_closed",
            Code::StageNotOpen => "stage_not_open",
            Code::DialogueFull => "dialogue_full",
            Code::LimitReached => "limit_reached",
            Code::NoEndorsementsLeft => "no_endorsements_left",
            Code::OwnContribution => "own_contribution",
            Code::AlreadyMerged => "already_merged",
            Code::HasMergedItems => "has_merged_items",
            Code::NotMerged => "not_merged",
            Code::NotARecommendation => "not_a_recommendation",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    pub class: ErrorClass,
    pub code: Code,
    pub message: String,
}

impl DomainError {
    pub fn new(class: ErrorClass, code: Code, message: impl Into<String>) -> Self {
        DomainError { class, code, message: message.into() }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Invalid, Code::InvalidField, message)
    }
    /// A 422 with a more specific code than `invalid_field`.
    pub fn invalid_as(code: Code, message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Invalid, code, message)
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorClass::NotFound, Code::NotFound, format!("No {what} has that id."))
    }
    pub fn conflict(code: Code, message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Conflict, code, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Forbidden, Code::Forbidden, message)
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
