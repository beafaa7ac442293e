//! Every user-facing string of the pages, in one place, so a translation
//! touches this file and no component.

pub const APP_NAME: &str = "Convene";
pub const NOT_FOUND: &str = "There is nothing at this address.";

pub const LANDING_TAGLINE: &str = "Live civic dialogues: everyone in the room heard, and a report the same week.";
pub const JOIN_HEADING: &str = "Join a dialogue";
pub const JOIN_LABEL: &str = "The code on the screen";
pub const JOIN_PLACEHOLDER: &str = "e.g. K7M2QX";
pub const JOIN_BUTTON: &str = "Join";
pub const JOIN_UNKNOWN: &str = "No dialogue has that code. Check it and try again.";
pub const JOIN_HINT_SHORT: &str = "Codes have 6 letters and digits.";
pub const START_HEADING: &str = "Run a dialogue";
pub const START_LINK: &str = "Start a dialogue";
pub const START_TEXT: &str = "Set the agenda, invite the room with a code or a QR code, and project what people say as they say it.";
