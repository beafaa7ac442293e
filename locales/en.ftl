# English. Every message here must also be in every other file of this
# folder (a test checks). Numbers in { $n } choose the plural form.

language-name = English
# How numbers are written: the group separator and the decimal mark.
number-group = ,
number-decimal = .
number = { $n }
date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Sectors

sector-government = Government
sector-media = Media
sector-business = Business
sector-academia = Academia
sector-civil_society = Civil society
sector-other = Other
sector-none = Not given

## The report

report-introduction = Introduction
report-on-the-report = A dialogue on the report
report-conveners = Conveners
report-agenda = Agenda
report-participation = Participation
report-joined = { $n ->
    [one] { $n } person joined the dialogue.
   *[other] { $n } people joined the dialogue.
}
report-step = Took part by
report-people = People
report-took-hope = Shared a hope
report-took-concern = Shared a concern
report-took-question = Asked a question
report-took-rating = Rated the report
report-took-reservation = Voiced a reservation
report-took-recommendation = Posted a recommendation
report-took-commitment = Made a commitment
report-by-sector = By sector
report-sector = Sector
report-hopes-and-concerns = Hopes and concerns
report-hopes = Hopes
report-concerns = Concerns
report-none = None.
report-brief = The brief
report-key-recommendations = Key recommendations
report-questions = Questions and answers
report-votes = ({ $n ->
    [one] { $n } vote
   *[other] { $n } votes
})
report-unanswered = Not answered during the dialogue.
report-resonance = Resonance
report-figure-title = How strongly did the report resonate with the participants?
report-rating = Rating
report-axis = participants
report-stats = n = { $n } · mean { $mean } · median { $median }
report-no-ratings = n = 0: no ratings were given
report-reservations = Reservations
report-recommendations = Recommendations
report-endorsements = ({ $n ->
    [one] { $n } endorsement
   *[other] { $n } endorsements
})
report-commitments = Commitments
report-conclusion = Conclusion and next steps
report-no-conclusion = The conveners have not written a conclusion yet.

## The interface: pages, console, projector

not-found = There is nothing at this address.
home = Home
landing-tagline = Live civic dialogues: everyone in the room heard, and a report the same week.
join-heading = Join a dialogue
join-label = The code on the screen
join-placeholder = e.g. K7M2QX
join-button = Join
join-unknown = No dialogue has that code. Check it and try again.
join-hint-short = Codes have 6 letters and digits.
start-heading = Run a dialogue
start-link = Start a dialogue
start-text = Set the agenda, invite the room with a code or a QR code, and project what people say as they say it.
live = Live
reconnecting = Reconnecting…
reload-for-latest = Reload the page to see the latest
closed-state = Closed
joining = You are joining
name-label = Your name (optional)
theme-choose = Choose a theme
not-rated = You have not rated yet.
read-report = Read the report
join-closed = This dialogue has ended; it takes no new participants.
show-name = Show my name in the report
name-use = Your name stays with the facilitators unless you tick the box: then the published report prints it beside what you say.
sector-label = Your sector (optional)
ui-sector-none = Rather not say
anonymous-note = You can take part anonymously. Nobody needs an account.
join-now = Take part
save = Save
update = Update
ask = Ask
post = Post
saved = Saved.
locked = This part of the agenda is closed now.
closed = This dialogue has closed. Thank you for taking part.
upvote = Upvote
upvoted = Upvoted
endorse = Endorse
endorsed = Endorsed
answer = Answer
no-questions = No questions yet.
no-recommendations = No recommendations under this theme yet.
theme-label = Theme
my-rating = Your rating
mine = Your contributions
nothing-yet = Nothing yet.
withdraw = Withdraw
hidden-by-facilitator = hidden by the facilitator
merged = merged with a similar item
yours = yours
group-summary = What the room said
joined = { $n ->
    [one] person has joined so far
   *[other] people have joined so far
}
chars-left-n = { $n } characters left.
chars-over-n = { $n } characters too many: shorten the text to send it.
not-sent-tap = Not sent: the connection dropped. Tap the button again once it is back.
not-sent = Not sent: the connection dropped. Your text is kept here and goes out by itself when the connection is back, or tap the button again.
scan-or-type = Scan the code, or go to
and-enter = and enter
answered = Answered
mean = mean
median = median
no-ratings = Waiting for the first ratings…
waiting = Waiting for the first contributions…
key-recommendations = Key recommendations
console = Facilitator console
sign-in = Sign in as facilitator
sign-in-text = Open the facilitator link you were given, or paste its key here.
key-label = Facilitator key
invite = Invite the room
join-code = Join code
unreachable-url = Phones cannot open this address: it points at this computer only. Whoever runs Convene should start it with --addr 0.0.0.0:3000, or with --public-url set to the address people use.
link-participants = Participants
link-projector = Projector
access = Facilitators' access
access-text = To run the dialogue from another device, make a new sign-in link and open it there. The old link and every other signed-in console stop working.
new-link = Make a new sign-in link
sign-out = Sign out
delete-dialogue = Delete this dialogue
delete-dialogue-text = Deleting removes the dialogue and everything said in it from this server for good. Download the archive first if you need it.
delete-dialogue-confirm = I understand this cannot be undone
erased = Everything you gave here has been deleted.
erase = Delete what I said
erase-text = This removes everything you gave here (your words, votes, endorsements and rating) from the screens, the lists and the report, and signs you out.
erase-confirm = Yes, delete all of it
signed-out = You are signed out.
link-report = Report
agenda = Agenda
go = Go
previous = Previous
next = Next
lock = Lock
unlock = Unlock
now = now
countdown-label = Countdown (seconds; 0 stops it)
countdown-start = Start countdown
now-showing = Now
moderate = Moderate
hide = Hide
unhide = Unhide
hidden = hidden
merge-into = Merge into…
merge = Merge
looks-alike = looks alike
move = Move
save-answer = Save answer
conclusion = Conclusion and next steps
save-conclusion = Save conclusion
close-dialogue = Close the dialogue
close-text = Closing ends the dialogue for everyone: no more contributions, votes or ratings. It cannot be reopened.
close-confirm = Yes, close it now
closed-text = This dialogue is closed. Write the conclusion, then publish the report.
publish = Publish the report
publish-text = Publishing makes the report, its downloads and the public archive readable by anyone with the link. It cannot be taken back.
publish-confirm = Yes, make it public
merge-confirm = Yes, merge
merged-here = Merged here
unmerge = Undo merge
published = The report is public.
public-link = Its public address
unpublished = Until you publish it, only facilitators can open the report.
report-preview = Preview the report
report-pdf = PDF
report-md = Markdown
report-csv = CSV of every contribution
report-json = JSON archive (to import again)
none-of-kind = None yet.
new-dialogue = Start a dialogue
organiser = Organiser
organiser-sign-in = Sign in as organiser
organiser-sign-in-text = Organisers create and import dialogues. Your server's operator gives you an organiser key (convene organiser add NAME).
organiser-key = Organiser key
organiser-needed = Starting a dialogue needs an organiser: sign in first.
your-dialogues = Your dialogues
no-dialogues = You have not started a dialogue yet.
open-console = Console
closed-tag = closed
from-vancouver = Start from the Vancouver 2009 dialogue
from-vancouver-text = A real dialogue on the report Mobilizing the Will to Intervene, with its agenda, brief and everything people said.
f-title = Title
f-date = Date
f-place = Place
f-conveners = Conveners (one per line)
f-report-title = The report's title
f-report-summary = The report's summary
f-report-recs = Key recommendations, one per line: audience | rubric | recommendation
f-agenda = Agenda, one item per line: stage | title. Add, remove or reorder lines. Stages: welcome, introductions, brief, questions, resonance, recommendations, commitments, closing.
f-themes = Themes for recommendations (one per line)
f-scale = Resonance scale
f-min = From
f-max = to
f-low = Label of the lowest value
f-high = Label of the highest value
f-endorsements = Endorsements per participant
create = Create the dialogue

your-rating = Your rating: { $v }. Choose another value and send it to change it.
saved-quote = Saved: “{ $text }”
chars-up-to = Up to { $max } characters.
endorsements-left = { $n ->
    [0] You have no endorsements left; take one back to endorse another.
    [one] You have { $n } endorsement left.
   *[other] You have { $n } endorsements left.
}
see-all = See all { $n }
votes = { $n ->
    [one] { $n } vote
   *[other] { $n } votes
}
endorsements = { $n ->
    [one] { $n } endorsement
   *[other] { $n } endorsements
}
people-joined = { $n ->
    [one] { $n } person has joined
   *[other] { $n } people have joined
}
rated-by = n = { $n }
more = and { $n } more
signed-in-as = Signed in as { $name }
rated-of = { $n } of { $of } have rated the report
audit-title = { $n ->
    [one] What facilitators did: { $n } action
   *[other] What facilitators did: { $n } actions
}

## Stages, as participants see them

stage-welcome = Welcome
stage-introductions = Introductions
stage-brief = The brief
stage-questions = Questions
stage-resonance = Resonance
stage-recommendations = Recommendations
stage-commitments = Commitments
stage-closing = Closing
task-welcome = Welcome. The dialogue will begin shortly.
task-introductions = Share one hope and one concern about the report.
task-brief = Follow the brief on the report's key recommendations.
task-questions = Ask a clarifying question, and upvote the questions you want answered.
task-resonance = How strongly does the report resonate with you? You may add one reservation.
task-recommendations = Post recommendations to advance the report, and endorse the best ones.
task-commitments = Name one thing you will do.
task-closing = Thank you for taking part.

## Kinds of contribution

kind-hope = Hope
kind-concern = Concern
kind-question = Question
kind-reservation = Reservation
kind-recommendation = Recommendation
kind-commitment = Commitment
kinds-hope = Hopes
kinds-concern = Concerns
kinds-question = Questions
kinds-reservation = Reservations
kinds-recommendation = Recommendations
kinds-commitment = Commitments
prompt-hope = My hope
prompt-concern = My concern
prompt-question = My question
prompt-reservation = A reservation (optional)
prompt-recommendation = My recommendation
prompt-commitment = One thing I will do
shared-hope = { $n } of { $of } have shared a hope
shared-concern = { $n } of { $of } have shared a concern
shared-question = { $n } of { $of } have shared a question
shared-reservation = { $n } of { $of } have shared a reservation
shared-recommendation = { $n } of { $of } have shared a recommendation
shared-commitment = { $n } of { $of } have shared a commitment

## Agenda item states

state-upcoming = upcoming
state-open = open
state-locked = locked

## Errors shown on pages, by their code

error-stage_not_open = That part of the agenda is not open now.
error-dialogue_closed = This dialogue has closed.
error-own_contribution = You cannot back your own contribution.
error-no_endorsements_left = You have used all your endorsements. Take one back to endorse another.
error-limit_reached = You have reached the number of these one person may post.
error-empty_field = Please write something first.
error-too_long = That is too long. Your text is still in the box: shorten it and send it again.
error-out_of_scale = Pick a value on the scale.
error-unknown_theme = Pick one of the themes.
error-unauthorized = Your session has expired. Join again with the code.
error-busy = The server is busy; nothing was saved. Please try again.
error-rate_limited = That was a lot at once; nothing was saved. Wait a moment and try again.
error-not_found = That item is no longer there.
error-bad_key = That key does not open this dialogue.
error-confirm_needed = Tick the box to confirm first.
error-organiser_needed = Starting a dialogue needs an organiser: sign in first.
error-dialogue_full = This dialogue has no room for more participants.
error-invalid_field = A field is not right: see the field marked below.
error-this_field = This is not right: check it and send the form again.
error-other = That did not work. Please check and try again.

## What facilitators did, as the console's audit log names it

audit-stage = moved the agenda
audit-countdown = started a countdown
audit-lock = locked an agenda item
audit-unlock = unlocked an agenda item
audit-hide = hid an item
audit-unhide = showed an item again
audit-merge = merged an item
audit-unmerge = undid a merge
audit-refile = re-filed a recommendation
audit-answer = answered a question
audit-conclusion = saved the conclusion
audit-close = closed the dialogue
audit-publish = published the report
audit-new_key = made a new sign-in link
audit-sign_in = signed in
audit-duplicate = started the next dialogue of the series
audit-team_add = added someone to the team
audit-team_remove = removed someone from the team
audit-other = acted

## Choosing the language

language-switch = Language
f-language = Language of the projector and the report
f-language-en = English
f-language-fr = French
f-language-en-fr = English and French, side by side
rating-value = Rating
rating-count = Participants

## What a new dialogue starts with, where its creator says nothing

default-title-welcome = Welcome
default-title-introductions = One hope and one concern
default-title-brief = Brief on the report's key recommendations
default-title-questions = Clarifying questions
default-title-resonance = How strongly does the report resonate?
default-title-recommendations = Recommendations to advance the report
default-title-commitments = One thing I will do
default-title-closing = Closing
default-theme-1 = Education
default-theme-2 = Government
default-theme-3 = Media
default-theme-4 = NGOs and grassroots
default-theme-5 = Other sectors
default-scale-low = Not at all
default-scale-high = Very strongly

## The page with a new facilitator sign-in link

new-link-title = New sign-in link
new-link-heading = New facilitator sign-in link
new-link-text = The old key and every other signed-in console have stopped working. Copy this link now: it is shown only once. Anyone who has it can run this dialogue.
new-link-label = Sign-in link
back-to-console = Back to the console
series = Next in the series
series-text = Start the next dialogue with this one's agenda, themes, scale, report brief and languages. Nobody is in it and nothing is said yet.
series-title = Title of the next dialogue
series-start = Start the next dialogue
series-link-title = The next dialogue
series-link-heading = The next dialogue is ready
series-link-text = It has this dialogue's agenda, themes, scale and report brief, and nobody in it yet. Copy its facilitator sign-in link now: it is shown only once. Anyone who has it can run that dialogue.
series-link-label = Sign-in link
series-link-button = Open its console
new-link-button = Back to the console
team = Facilitation team
team-text = Give a moderator (hides, merges, re-files and answers posts) or a presenter (moves the agenda and runs the countdown) a sign-in link of their own. Neither can close, publish, delete or make links.
team-none = No one yet.
team-role = Role
team-name = Their name
team-add = Make their sign-in link
team-remove = Remove { $name }
role-moderator = Moderator
role-presenter = Presenter
team-link-title = Team sign-in link
team-link-heading = A sign-in link for your team
team-link-text = Send this link to them now: it is shown only once. It allows only their role, and stops working when you remove them from the team.
team-link-label = Sign-in link
team-link-button = Back to the console
signed-in-role = Signed in, role: { $role } ({ $name }). The console shows what this role allows.

## The rating

rating-of = { $v } of { $max }
rating-from-to = { $v }, on a scale from { $min } to { $max }
rate = Send my rating
rate-again = Change my rating

## Said to screen readers as the room moves

announce-now = Now: { $title }
announce-more = { $what }: { $n } more.
announce-minute = One minute left.
announce-time-up = Time is up.
link-projector-contrast = Projector, high contrast

## The console's keys

lock-now = Lock this item
unlock-now = Unlock this item
console-keys = Keys, with your browser's access-key modifier (Alt in Chrome and Edge, Alt+Shift in Firefox, Control+Option on a Mac): N next, P previous, L lock or unlock this item, C countdown (type the seconds, then Enter). Tab and Shift+Tab reach everything else.
