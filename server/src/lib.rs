//! The `convene` server: configuration, the store (SQLite, or PostgreSQL
//! shared by several nodes) and its one writer, the JSON API, the
//! live-event hub, and the Leptos pages.

pub mod api;
pub mod assets;
pub mod backup;
pub mod config;
pub mod conn;
pub mod guard;
pub mod hub;
pub mod limits;
pub mod migrate;
pub mod observe;
pub mod organisers;
pub mod pages;
pub mod pdf;
pub mod secret;
pub mod serve;
pub mod startup;
pub mod state;
pub mod store;
pub mod tls;
pub mod transfer;
