//! Every user-facing string of the pages, in one place, so a translation
//! touches this file and no component.

use convene::{Kind, Stage};

pub const APP_NAME: &str = "Convene";
pub const NOT_FOUND: &str = "There is nothing at this address.";
pub const HOME: &str = "Home";

// Landing
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

// Live connection
pub const LIVE: &str = "Live";
pub const RECONNECTING: &str = "Reconnecting…";
pub const RELOAD_FOR_LATEST: &str = "Reload the page to see the latest";
pub const CLOSED_STATE: &str = "Closed";

// Joining
pub const JOINING: &str = "You are joining";
pub const NAME_LABEL: &str = "Your name (optional)";
pub const THEME_CHOOSE: &str = "Choose a theme";
pub const NOT_RATED: &str = "You have not rated yet.";
pub const READ_REPORT: &str = "Read the report";
pub const JOIN_CLOSED: &str = "This dialogue has ended; it takes no new participants.";

pub fn your_rating(v: i32) -> String {
    format!("Your rating: {v}. Tap another value to change it.")
}

pub const SHOW_NAME: &str = "Show my name in the report";
pub const NAME_USE: &str =
    "Your name stays with the facilitators unless you tick the box: then the published report prints it beside what you say.";
pub const SECTOR_LABEL: &str = "Your sector (optional)";
pub const SECTOR_NONE: &str = "Rather not say";
pub const ANONYMOUS_NOTE: &str = "You can take part anonymously. Nobody needs an account.";
pub const JOIN_NOW: &str = "Take part";

pub fn sector(x: convene::dialogue::Sector) -> String {
    convene::i18n::Lang::ENGLISH.t(&convene::report::words::sector_id(Some(x)))
}

// Stages, as participants see them
pub fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Welcome => "Welcome",
        Stage::Introductions => "Introductions",
        Stage::Brief => "The brief",
        Stage::Questions => "Questions",
        Stage::Resonance => "Resonance",
        Stage::Recommendations => "Recommendations",
        Stage::Commitments => "Commitments",
        Stage::Closing => "Closing",
    }
}

pub fn stage_task(stage: Stage) -> &'static str {
    match stage {
        Stage::Welcome => "Welcome. The dialogue will begin shortly.",
        Stage::Introductions => "Share one hope and one concern about the report.",
        Stage::Brief => "Follow the brief on the report's key recommendations.",
        Stage::Questions => "Ask a clarifying question, and upvote the questions you want answered.",
        Stage::Resonance => "How strongly does the report resonate with you? You may add one reservation.",
        Stage::Recommendations => "Post recommendations to advance the report, and endorse the best ones.",
        Stage::Commitments => "Name one thing you will do.",
        Stage::Closing => "Thank you for taking part.",
    }
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Hope => "Hope",
        Kind::Concern => "Concern",
        Kind::Question => "Question",
        Kind::Reservation => "Reservation",
        Kind::Recommendation => "Recommendation",
        Kind::Commitment => "Commitment",
    }
}

pub fn kind_plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Hope => "Hopes",
        Kind::Concern => "Concerns",
        Kind::Question => "Questions",
        Kind::Reservation => "Reservations",
        Kind::Recommendation => "Recommendations",
        Kind::Commitment => "Commitments",
    }
}

pub fn kind_prompt(kind: Kind) -> &'static str {
    match kind {
        Kind::Hope => "My hope",
        Kind::Concern => "My concern",
        Kind::Question => "My question",
        Kind::Reservation => "A reservation (optional)",
        Kind::Recommendation => "My recommendation",
        Kind::Commitment => "One thing I will do",
    }
}

// Participant page
pub const SAVE: &str = "Save";
pub const UPDATE: &str = "Update";
pub const ASK: &str = "Ask";
pub const POST: &str = "Post";
pub const SAVED: &str = "Saved.";

/// "Saved:" and the start of what was saved.
pub fn saved_quote(text: &str) -> String {
    const SHOWN: usize = 80;
    let mut cut: String = text.chars().take(SHOWN).collect();
    if text.chars().nth(SHOWN).is_some() {
        cut.push('…');
    }
    format!("Saved: “{cut}”")
}
pub const LOCKED: &str = "This part of the agenda is closed now.";
pub const CLOSED: &str = "This dialogue has closed. Thank you for taking part.";
pub const UPVOTE: &str = "Upvote";
pub const UPVOTED: &str = "Upvoted";
pub const ENDORSE: &str = "Endorse";
pub const ENDORSED: &str = "Endorsed";
pub const ANSWER: &str = "Answer";
pub const NO_QUESTIONS: &str = "No questions yet.";
pub const NO_RECOMMENDATIONS: &str = "No recommendations under this theme yet.";
pub const THEME_LABEL: &str = "Theme";
pub const MY_RATING: &str = "Your rating";
pub const MINE: &str = "Your contributions";
pub const NOTHING_YET: &str = "Nothing yet.";
pub const WITHDRAW: &str = "Withdraw";
pub const HIDDEN_BY_FACILITATOR: &str = "hidden by the facilitator";
pub const MERGED: &str = "merged with a similar item";
pub const YOURS: &str = "yours";
pub const GROUP_SUMMARY: &str = "What the room said";
pub const JOINED: &str = "people have joined so far";
pub fn chars_up_to(max: usize) -> String {
    format!("Up to {max} characters.")
}
/// Templates the page fills in as people type (`{n}` is the number).
pub const CHARS_LEFT_N: &str = "{n} characters left.";
pub const CHARS_OVER_N: &str = "{n} characters too many: shorten the text to send it.";
pub const NOT_SENT_TAP: &str = "Not sent: the connection dropped. Tap the button again once it is back.";
pub const NOT_SENT: &str =
    "Not sent: the connection dropped. Your text is kept here and goes out by itself when the connection is back, or tap the button again.";

pub fn endorsements_left(n: u32) -> String {
    match n {
        0 => "You have no endorsements left; take one back to endorse another.".into(),
        1 => "You have 1 endorsement left.".into(),
        n => format!("You have {n} endorsements left."),
    }
}

pub fn see_all(n: usize) -> String {
    format!("See all {n}")
}

pub fn votes(n: usize) -> String {
    if n == 1 {
        "1 vote".into()
    } else {
        format!("{n} votes")
    }
}

pub fn endorsements(n: usize) -> String {
    if n == 1 {
        "1 endorsement".into()
    } else {
        format!("{n} endorsements")
    }
}

pub fn people_joined(n: usize) -> String {
    if n == 1 {
        "1 person has joined".into()
    } else {
        format!("{n} people have joined")
    }
}

/// The sentence for an error code carried back to a page.
pub fn error(code: &str) -> &'static str {
    match code {
        "stage_not_open" => "That part of the agenda is not open now.",
        "dialogue_closed" => "This dialogue has closed.",
        "own_contribution" => "You cannot back your own contribution.",
        "no_endorsements_left" => "You have used all your endorsements. Take one back to endorse another.",
        "limit_reached" => "You have reached the number of these one person may post.",
        "empty_field" => "Please write something first.",
        "too_long" => "That is too long: 500 characters at most. Your text is still in the box; shorten it and send it again.",
        "out_of_scale" => "Pick a value on the scale.",
        "unknown_theme" => "Pick one of the themes.",
        "unauthorized" => "Your session has expired. Join again with the code.",
        "busy" => "The server is busy; nothing was saved. Please try again.",
        "rate_limited" => "That was a lot at once; nothing was saved. Wait a moment and try again.",
        "not_found" => "That item is no longer there.",
        "bad_key" => "That key does not open this dialogue.",
        "confirm_needed" => "Tick the box to confirm first.",
        "organiser_needed" => "Starting a dialogue needs an organiser: sign in first.",
        "dialogue_full" => "This dialogue has no room for more participants.",
        "invalid_field" => "A field is not right; see the message below.",
        _ => "That did not work. Please check and try again.",
    }
}

// Projector
pub const SCAN_OR_TYPE: &str = "Scan the code, or go to";
pub const AND_ENTER: &str = "and enter";
pub const ANSWERED: &str = "Answered";
pub const MEAN: &str = "mean";
pub const MEDIAN: &str = "median";
pub const NO_RATINGS: &str = "Waiting for the first ratings…";
pub const WAITING: &str = "Waiting for the first contributions…";
pub const KEY_RECOMMENDATIONS: &str = "Key recommendations";

pub fn rated_by(n: u64) -> String {
    format!("n = {n}")
}

pub fn more(n: usize) -> String {
    format!("and {n} more")
}

// Facilitator console
pub const CONSOLE: &str = "Facilitator console";
pub const SIGN_IN: &str = "Sign in as facilitator";
pub const SIGN_IN_TEXT: &str = "Open the facilitator link you were given, or paste its key here.";
pub const KEY_LABEL: &str = "Facilitator key";
pub const INVITE: &str = "Invite the room";
pub const JOIN_CODE: &str = "Join code";
pub const LINK_PARTICIPANTS: &str = "Participants";
pub const LINK_PROJECTOR: &str = "Projector";
pub const ACCESS: &str = "Facilitators' access";
pub const ACCESS_TEXT: &str = "To run the dialogue from another device, make a new sign-in link and open it there. The old link and every other signed-in console stop working.";
pub const NEW_LINK: &str = "Make a new sign-in link";
pub const SIGN_OUT: &str = "Sign out";
pub const DELETE_DIALOGUE: &str = "Delete this dialogue";
pub const DELETE_DIALOGUE_TEXT: &str =
    "Deleting removes the dialogue and everything said in it from this server for good. Download the archive first if you need it.";
pub const DELETE_DIALOGUE_CONFIRM: &str = "I understand this cannot be undone";
pub const ERASED: &str = "Everything you gave here has been deleted.";
pub const ERASE: &str = "Delete what I said";
pub const ERASE_TEXT: &str = "This removes everything you gave here (your words, votes, endorsements and rating) from the screens, the lists and the report, and signs you out.";
pub const ERASE_CONFIRM: &str = "Yes, delete all of it";
pub const SIGNED_OUT: &str = "You are signed out.";

pub fn audit_title(n: usize) -> String {
    if n == 1 {
        "What facilitators did: 1 action".into()
    } else {
        format!("What facilitators did: {n} actions")
    }
}

/// A facilitation action as the audit log on the console names it.
pub fn audit_action(code: &str) -> &'static str {
    match code {
        "stage" => "moved the agenda",
        "countdown" => "started a countdown",
        "lock" => "locked an agenda item",
        "unlock" => "unlocked an agenda item",
        "hide" => "hid an item",
        "unhide" => "showed an item again",
        "merge" => "merged an item",
        "unmerge" => "undid a merge",
        "refile" => "re-filed a recommendation",
        "answer" => "answered a question",
        "conclusion" => "saved the conclusion",
        "close" => "closed the dialogue",
        "publish" => "published the report",
        "new_key" => "made a new sign-in link",
        "sign_in" => "signed in",
        _ => "acted",
    }
}
pub const LINK_REPORT: &str = "Report";
pub const AGENDA: &str = "Agenda";
pub const GO: &str = "Go";
pub const PREVIOUS: &str = "Previous";
pub const NEXT: &str = "Next";
pub const LOCK: &str = "Lock";
pub const UNLOCK: &str = "Unlock";
pub const NOW: &str = "now";
pub const COUNTDOWN_LABEL: &str = "Countdown (seconds; 0 stops it)";
pub const COUNTDOWN_START: &str = "Start countdown";
pub const NOW_SHOWING: &str = "Now";
pub const MODERATE: &str = "Moderate";
pub const HIDE: &str = "Hide";
pub const UNHIDE: &str = "Unhide";
pub const HIDDEN: &str = "hidden";
pub const MERGE_INTO: &str = "Merge into…";
pub const MERGE: &str = "Merge";
pub const LOOKS_ALIKE: &str = "looks alike";
pub const MOVE: &str = "Move";
pub const SAVE_ANSWER: &str = "Save answer";
pub const CONCLUSION: &str = "Conclusion and next steps";
pub const SAVE_CONCLUSION: &str = "Save conclusion";
pub const CLOSE_DIALOGUE: &str = "Close the dialogue";
pub const CLOSE_TEXT: &str = "Closing ends the dialogue for everyone: no more contributions, votes or ratings. It cannot be reopened.";
pub const CLOSE_CONFIRM: &str = "Yes, close it now";
pub const CLOSED_TEXT: &str = "This dialogue is closed. Write the conclusion, then publish the report.";
pub const PUBLISH: &str = "Publish the report";
pub const PUBLISH_TEXT: &str =
    "Publishing makes the report, its downloads and the public archive readable by anyone with the link. It cannot be taken back.";
pub const PUBLISH_CONFIRM: &str = "Yes, make it public";
pub const MERGE_CONFIRM: &str = "Yes, merge";
pub const MERGED_HERE: &str = "Merged here";
pub const UNMERGE: &str = "Undo merge";
pub const PUBLISHED: &str = "The report is public.";
pub const PUBLIC_LINK: &str = "Its public address";
pub const UNPUBLISHED: &str = "Until you publish it, only facilitators can open the report.";
pub const REPORT_PREVIEW: &str = "Preview the report";
pub const REPORT_PDF: &str = "PDF";
pub const REPORT_MD: &str = "Markdown";
pub const REPORT_CSV: &str = "CSV of every contribution";
pub const REPORT_JSON: &str = "JSON archive (to import again)";
pub const NONE_OF_KIND: &str = "None yet.";

pub fn state_name(state: convene::ItemState) -> &'static str {
    match state {
        convene::ItemState::Upcoming => "upcoming",
        convene::ItemState::Open => "open",
        convene::ItemState::Locked => "locked",
    }
}

pub fn shared_of(n: usize, of: usize, kind: Kind) -> String {
    let what = match kind {
        Kind::Hope => "a hope",
        Kind::Concern => "a concern",
        Kind::Reservation => "a reservation",
        Kind::Commitment => "a commitment",
        Kind::Question => "a question",
        Kind::Recommendation => "a recommendation",
    };
    format!("{n} of {of} have shared {what}")
}

pub fn rated_of(n: u64, of: usize) -> String {
    format!("{n} of {of} have rated the report")
}

// Creating a dialogue
pub const NEW_DIALOGUE: &str = "Start a dialogue";
pub const ORGANISER: &str = "Organiser";
pub const ORGANISER_SIGN_IN: &str = "Sign in as organiser";
pub const ORGANISER_SIGN_IN_TEXT: &str =
    "Organisers create and import dialogues. Your server's operator gives you an organiser key (convene organiser add NAME).";
pub const ORGANISER_KEY: &str = "Organiser key";
pub const ORGANISER_NEEDED: &str = "Starting a dialogue needs an organiser: sign in first.";
pub const YOUR_DIALOGUES: &str = "Your dialogues";
pub const NO_DIALOGUES: &str = "You have not started a dialogue yet.";
pub const OPEN_CONSOLE: &str = "Console";
pub const CLOSED_TAG: &str = "closed";

pub fn signed_in_as(name: &str) -> String {
    format!("Signed in as {name}")
}
pub const FROM_VANCOUVER: &str = "Start from the Vancouver 2009 dialogue";
pub const FROM_VANCOUVER_TEXT: &str =
    "A real dialogue on the report Mobilizing the Will to Intervene, with its agenda, brief and everything people said.";
pub const F_TITLE: &str = "Title";
pub const F_DATE: &str = "Date";
pub const F_PLACE: &str = "Place";
pub const F_CONVENERS: &str = "Conveners (one per line)";
pub const F_REPORT_TITLE: &str = "The report's title";
pub const F_REPORT_SUMMARY: &str = "The report's summary";
pub const F_REPORT_RECS: &str = "Key recommendations, one per line: audience | rubric | recommendation";
pub const F_AGENDA: &str = "Agenda, one item per line: stage | title. Add, remove or reorder lines. Stages: welcome, introductions, brief, questions, resonance, recommendations, commitments, closing.";
pub const F_THEMES: &str = "Themes for recommendations (one per line)";
pub const F_SCALE: &str = "Resonance scale";
pub const F_MIN: &str = "From";
pub const F_MAX: &str = "to";
pub const F_LOW: &str = "Label of the lowest value";
pub const F_HIGH: &str = "Label of the highest value";
pub const F_ENDORSEMENTS: &str = "Endorsements per participant";
pub const CREATE: &str = "Create the dialogue";
