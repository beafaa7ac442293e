# Français (Canada). Chaque message de en.ftl doit figurer ici aussi (un
# test le vérifie). Les nombres dans { $n } choisissent le pluriel : en
# français, 0 et 1 sont au singulier.

language-name = Français
# Séparateur de milliers (une espace fine insécable) et marque décimale.
number-group = {"\u202F"}
number-decimal = ,
number = { $n }
date-long = { $day } { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Secteurs

sector-government = Gouvernement
sector-media = Médias
sector-business = Entreprises
sector-academia = Milieu universitaire
sector-civil_society = Société civile
sector-other = Autre
sector-none = Non précisé

## Le rapport

report-introduction = Introduction
report-on-the-report = Un dialogue sur le rapport
report-conveners = Organisateurs
report-agenda = Ordre du jour
report-participation = Participation
report-joined = { $n ->
    [one] { $n } personne a pris part au dialogue.
   *[other] { $n } personnes ont pris part au dialogue.
}
report-step = Forme de participation
report-people = Personnes
report-took-hope = A partagé un espoir
report-took-concern = A partagé une préoccupation
report-took-question = A posé une question
report-took-rating = A évalué le rapport
report-took-reservation = A exprimé une réserve
report-took-recommendation = A proposé une recommandation
report-took-commitment = A pris un engagement
report-by-sector = Par secteur
report-sector = Secteur
report-hopes-and-concerns = Espoirs et préoccupations
report-hopes = Espoirs
report-concerns = Préoccupations
report-none = Aucun élément.
report-brief = L’exposé
report-key-recommendations = Recommandations clés
report-questions = Questions et réponses
report-votes = ({ $n ->
    [one] { $n } vote
   *[other] { $n } votes
})
report-unanswered = Sans réponse pendant le dialogue.
report-resonance = Résonance
report-figure-title = Dans quelle mesure le rapport a-t-il trouvé écho auprès des participants ?
report-rating = Note
report-axis = participants
report-stats = n = { $n } · moyenne { $mean } · médiane { $median }
report-no-ratings = n = 0 : aucune évaluation
report-reservations = Réserves
report-recommendations = Recommandations
report-endorsements = ({ $n ->
    [one] { $n } appui
   *[other] { $n } appuis
})
report-commitments = Engagements
report-conclusion = Conclusion et prochaines étapes
report-no-conclusion = Les organisateurs n’ont pas encore rédigé de conclusion.
