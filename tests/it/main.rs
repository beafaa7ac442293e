//! Black-box tests of the `convene` binary: each spawns the real server on
//! port 0 with its own SQLite file and talks to it as a phone would.

mod assets;
mod backup;
mod commands;
mod crash;
mod errors;
mod events;
mod flow;
mod import;
mod languages;
mod nodes;
mod observe;
mod report;
mod restart;
mod security;
mod series;
mod support;
mod team;
mod tls;
mod upgrade;
