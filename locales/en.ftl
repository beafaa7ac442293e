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
