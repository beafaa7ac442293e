# Français (Canada). Chaque message de en.ftl doit figurer ici aussi (un
# test le vérifie). Les nombres dans { $n } choisissent le pluriel : en
# français, 0 et 1 sont au singulier.

language-name = Français
# Séparateur de milliers (une espace fine insécable) et marque décimale.
number-group = {"\u202F"}
number-decimal = ,
number = { $n }
date-long = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
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

## L'interface : pages, console, projecteur

not-found = Il n’y a rien à cette adresse.
home = Accueil
landing-tagline = Des dialogues citoyens en direct : toutes les voix de la salle sont entendues, et le rapport est prêt la même semaine.
join-heading = Se joindre à un dialogue
join-label = Le code affiché à l’écran
join-placeholder = p. ex. K7M2QX
join-button = Se joindre
join-unknown = Aucun dialogue ne correspond à ce code. Vérifiez-le et réessayez.
join-hint-short = Les codes comptent 6 caractères (lettres et chiffres).
start-heading = Animer un dialogue
start-link = Lancer un dialogue
start-text = Établissez l’ordre du jour, invitez la salle à participer avec un code ou un code QR, et projetez les propos des gens au fur et à mesure.
live = En direct
reconnecting = Reconnexion…
reload-for-latest = Rechargez la page pour voir la version la plus récente
closed-state = Clos
joining = Vous participez au dialogue
name-label = Votre nom (facultatif)
theme-choose = Choisissez un thème
not-rated = Vous n’avez pas encore donné de note.
read-report = Lire le rapport
join-closed = Ce dialogue est terminé; il n’est plus possible de s’y joindre.
show-name = Afficher mon nom dans le rapport
name-use = Seule l’équipe d’animation connaît votre nom, à moins que vous ne cochiez la case : le rapport publié l’affichera alors à côté de vos propos.
sector-label = Votre secteur (facultatif)
ui-sector-none = Je préfère ne pas le dire
anonymous-note = Vous pouvez participer de façon anonyme. Aucun compte n’est nécessaire.
join-now = Participer
save = Enregistrer
update = Mettre à jour
ask = Poser la question
post = Envoyer
saved = Enregistré.
locked = Cette partie de l’ordre du jour est maintenant fermée.
closed = Ce dialogue est terminé. Merci d’y avoir participé.
upvote = Voter pour
upvoted = Voté
endorse = Appuyer
endorsed = Appuyé
answer = Réponse
no-questions = Aucune question pour l’instant.
no-recommendations = Aucune recommandation sous ce thème pour l’instant.
theme-label = Thème
my-rating = Votre note
mine = Vos contributions
nothing-yet = Rien pour l’instant.
withdraw = Retirer
hidden-by-facilitator = masquée par l’équipe d’animation
merged = fusionnée avec un élément semblable
yours = la vôtre
group-summary = Ce que la salle a dit
joined = { $n ->
    [one] personne s’est jointe jusqu’à maintenant
   *[other] personnes se sont jointes jusqu’à maintenant
}
chars-left-n = Caractères restants : { $n }
chars-over-n = Caractères en trop : { $n }. Raccourcissez le texte pour l’envoyer.
not-sent-tap = Non envoyé : la connexion a été interrompue. Touchez de nouveau le bouton une fois la connexion rétablie.
not-sent = Non envoyé : la connexion a été interrompue. Votre texte est conservé ici et partira de lui-même au rétablissement de la connexion; vous pouvez aussi toucher de nouveau le bouton.
scan-or-type = Balayez le code, ou allez à
and-enter = et entrez le code
answered = Réponse
mean = moyenne
median = médiane
no-ratings = En attente des premières évaluations…
waiting = En attente des premières contributions…
key-recommendations = Recommandations clés
console = Console d’animation
sign-in = Se connecter pour animer
sign-in-text = Ouvrez le lien d’animation qu’on vous a remis, ou collez-en la clé ici.
key-label = Clé d’animation
invite = Inviter la salle
join-code = Code d’accès
unreachable-url = Les téléphones ne peuvent pas ouvrir cette adresse : elle ne désigne que cet ordinateur. La personne qui fait tourner Convene doit le lancer avec --addr 0.0.0.0:3000, ou avec --public-url réglé sur l’adresse que le public utilise.
link-participants = Participants
link-projector = Projecteur
access = Accès de l’équipe d’animation
access-text = Pour animer le dialogue à partir d’un autre appareil, créez un nouveau lien de connexion et ouvrez-le sur cet appareil. L’ancien lien et toutes les autres consoles connectées cesseront de fonctionner.
new-link = Créer un nouveau lien de connexion
sign-out = Se déconnecter
delete-dialogue = Supprimer ce dialogue
delete-dialogue-text = La suppression efface définitivement de ce serveur le dialogue et tout ce qui y a été dit. Téléchargez d’abord l’archive si vous en avez besoin.
delete-dialogue-confirm = Je comprends que cette action est irréversible
erased = Tout ce que vous avez fourni ici a été supprimé.
erase = Supprimer mes propos
erase-text = Cette action retire tout ce que vous avez fourni ici (vos propos, vos votes, vos appuis et votre note) des écrans, des listes et du rapport, puis ferme votre session.
erase-confirm = Oui, tout supprimer
signed-out = Votre session est fermée.
link-report = Rapport
agenda = Ordre du jour
go = Aller
previous = Précédent
next = Suivant
lock = Verrouiller
unlock = Déverrouiller
now = en cours
countdown-label = Compte à rebours (en secondes; 0 l’arrête)
countdown-start = Lancer le compte à rebours
now-showing = En cours
moderate = Modérer
hide = Masquer
unhide = Réafficher
hidden = masquée
merge-into = Fusionner avec…
merge = Fusionner
looks-alike = doublon possible
move = Déplacer
save-answer = Enregistrer la réponse
conclusion = Conclusion et prochaines étapes
save-conclusion = Enregistrer la conclusion
close-dialogue = Clore le dialogue
close-text = La clôture met fin au dialogue pour tout le monde : plus aucune contribution, aucun vote ni aucune note. Il ne pourra pas être rouvert.
close-confirm = Oui, le clore maintenant
closed-text = Ce dialogue est clos. Rédigez la conclusion, puis publiez le rapport.
publish = Publier le rapport
publish-text = La publication rend le rapport, ses téléchargements et l’archive publique accessibles à toute personne qui a le lien. Elle est irréversible.
publish-confirm = Oui, le rendre public
merge-confirm = Oui, fusionner
merged-here = Éléments fusionnés ici
unmerge = Annuler la fusion
published = Le rapport est public.
public-link = Son adresse publique
unpublished = Tant que vous ne l’avez pas publié, seule l’équipe d’animation peut consulter le rapport.
report-preview = Aperçu du rapport
report-pdf = PDF
report-md = Markdown
report-csv = CSV de toutes les contributions
report-json = Archive JSON (pour réimportation)
none-of-kind = Aucun élément pour l’instant.
new-dialogue = Lancer un dialogue
organiser = Responsable
organiser-sign-in = Se connecter comme responsable
organiser-sign-in-text = Les responsables créent et importent des dialogues. La personne qui administre votre serveur vous remet une clé de responsable (convene organiser add NAME).
organiser-key = Clé de responsable
organiser-needed = Pour lancer un dialogue, il faut être responsable : connectez-vous d’abord.
your-dialogues = Vos dialogues
no-dialogues = Vous n’avez encore lancé aucun dialogue.
open-console = Console
closed-tag = clos
from-vancouver = Partir du dialogue de Vancouver 2009
from-vancouver-text = Un vrai dialogue sur le rapport « Mobiliser la volonté d’intervenir », avec son ordre du jour, son exposé et tout ce que les gens y ont dit.
f-title = Titre
f-date = Date
f-place = Lieu
f-conveners = Organisateurs (un par ligne)
f-report-title = Titre du rapport
f-report-summary = Résumé du rapport
f-report-recs = Recommandations clés, une par ligne : public | rubrique | recommandation
f-agenda = Ordre du jour, un point par ligne : étape | titre. Ajoutez, supprimez ou déplacez des lignes. Étapes (à écrire telles quelles, en anglais) : welcome, introductions, brief, questions, resonance, recommendations, commitments, closing.
f-themes = Thèmes des recommandations (un par ligne)
f-scale = Échelle de résonance
f-min = De
f-max = à
f-low = Libellé de la valeur la plus basse
f-high = Libellé de la valeur la plus haute
f-endorsements = Nombre d’appuis par personne
create = Créer le dialogue

your-rating = Votre note : { $v }. Choisissez une autre valeur et envoyez-la pour la modifier.
saved-quote = Enregistré : « { $text } »
chars-up-to = { $max } caractères au maximum.
endorsements-left = { $n ->
    [0] Il ne vous reste aucun appui; retirez-en un pour appuyer une autre recommandation.
    [one] Il vous reste { $n } appui.
   *[other] Il vous reste { $n } appuis.
}
see-all = Tout voir ({ $n })
votes = { $n ->
    [one] { $n } vote
   *[other] { $n } votes
}
endorsements = { $n ->
    [one] { $n } appui
   *[other] { $n } appuis
}
people-joined = { $n ->
    [one] { $n } personne s’est jointe au dialogue
   *[other] { $n } personnes se sont jointes au dialogue
}
rated-by = n = { $n }
more = { $n ->
    [one] et { $n } autre
   *[other] et { $n } autres
}
signed-in-as = Session ouverte : { $name }
rated-of = { $n ->
    [one] { $n } sur { $of } a évalué le rapport
   *[other] { $n } sur { $of } ont évalué le rapport
}
audit-title = { $n ->
    [one] Ce qu’a fait l’équipe d’animation : { $n } action
   *[other] Ce qu’a fait l’équipe d’animation : { $n } actions
}

## Les étapes, telles que les participants les voient

stage-welcome = Accueil
stage-introductions = Présentations
stage-brief = L’exposé
stage-questions = Questions
stage-resonance = Résonance
stage-recommendations = Recommandations
stage-commitments = Engagements
stage-closing = Clôture
task-welcome = Bienvenue. Le dialogue commencera sous peu.
task-introductions = Faites part d’un espoir et d’une préoccupation au sujet du rapport.
task-brief = Suivez l’exposé sur les recommandations clés du rapport.
task-questions = Posez une question d’éclaircissement, et votez pour les questions auxquelles vous voulez une réponse.
task-resonance = Dans quelle mesure le rapport trouve-t-il écho chez vous? Vous pouvez ajouter une réserve.
task-recommendations = Proposez des recommandations pour faire avancer le rapport, et appuyez les meilleures.
task-commitments = Nommez une chose que vous ferez.
task-closing = Merci d’avoir participé.

## Types de contribution

kind-hope = Espoir
kind-concern = Préoccupation
kind-question = Question
kind-reservation = Réserve
kind-recommendation = Recommandation
kind-commitment = Engagement
kinds-hope = Espoirs
kinds-concern = Préoccupations
kinds-question = Questions
kinds-reservation = Réserves
kinds-recommendation = Recommandations
kinds-commitment = Engagements
prompt-hope = Mon espoir
prompt-concern = Ma préoccupation
prompt-question = Ma question
prompt-reservation = Une réserve (facultative)
prompt-recommendation = Ma recommandation
prompt-commitment = Une chose que je ferai
shared-hope = { $n ->
    [one] { $n } sur { $of } a partagé un espoir
   *[other] { $n } sur { $of } ont partagé un espoir
}
shared-concern = { $n ->
    [one] { $n } sur { $of } a partagé une préoccupation
   *[other] { $n } sur { $of } ont partagé une préoccupation
}
shared-question = { $n ->
    [one] { $n } sur { $of } a posé une question
   *[other] { $n } sur { $of } ont posé une question
}
shared-reservation = { $n ->
    [one] { $n } sur { $of } a exprimé une réserve
   *[other] { $n } sur { $of } ont exprimé une réserve
}
shared-recommendation = { $n ->
    [one] { $n } sur { $of } a proposé une recommandation
   *[other] { $n } sur { $of } ont proposé une recommandation
}
shared-commitment = { $n ->
    [one] { $n } sur { $of } a pris un engagement
   *[other] { $n } sur { $of } ont pris un engagement
}

## États des points de l’ordre du jour

state-upcoming = à venir
state-open = ouvert
state-locked = verrouillé

## Erreurs affichées dans les pages, selon leur code

error-stage_not_open = Cette partie de l’ordre du jour n’est pas ouverte en ce moment.
error-dialogue_closed = Ce dialogue est terminé.
error-own_contribution = Vous ne pouvez pas voter pour votre propre contribution ni l’appuyer.
error-no_endorsements_left = Vous avez utilisé tous vos appuis. Retirez-en un pour appuyer une autre recommandation.
error-limit_reached = Vous avez atteint le nombre maximal de contributions de ce type par personne.
error-empty_field = Veuillez d’abord écrire quelque chose.
error-too_long = C’est trop long. Votre texte est toujours dans la case : raccourcissez-le et envoyez-le de nouveau.
error-out_of_scale = Choisissez une valeur sur l’échelle.
error-unknown_theme = Choisissez l’un des thèmes.
error-unauthorized = Votre session a expiré. Joignez-vous de nouveau au dialogue avec le code.
error-busy = Le serveur est occupé; rien n’a été enregistré. Veuillez réessayer.
error-rate_limited = Trop d’actions à la fois; rien n’a été enregistré. Attendez un instant et réessayez.
error-not_found = Cet élément n’existe plus.
error-bad_key = Cette clé n’ouvre pas ce dialogue.
error-confirm_needed = Cochez d’abord la case pour confirmer.
error-organiser_needed = Pour lancer un dialogue, il faut être responsable : connectez-vous d’abord.
error-dialogue_full = Ce dialogue a atteint le nombre maximal de participants.
error-invalid_field = Un champ n’est pas correct : voyez le champ signalé plus bas.
error-this_field = Ce champ n’est pas correct : vérifiez-le et envoyez de nouveau le formulaire.
error-other = Cela n’a pas fonctionné. Veuillez vérifier et réessayer.

## Ce qu’a fait l’équipe d’animation, tel que le nomme le journal de la console

audit-stage = a changé de point à l’ordre du jour
audit-countdown = a lancé un compte à rebours
audit-lock = a verrouillé un point de l’ordre du jour
audit-unlock = a déverrouillé un point de l’ordre du jour
audit-hide = a masqué un élément
audit-unhide = a réaffiché un élément
audit-merge = a fusionné un élément
audit-unmerge = a annulé une fusion
audit-refile = a reclassé une recommandation
audit-answer = a répondu à une question
audit-conclusion = a enregistré la conclusion
audit-close = a clos le dialogue
audit-publish = a publié le rapport
audit-new_key = a créé un nouveau lien de connexion
audit-sign_in = a ouvert une session
audit-duplicate = a lancé le dialogue suivant de la série
audit-team_add = a ajouté une personne à l’équipe
audit-team_remove = a retiré une personne de l’équipe
audit-other = a effectué une action

## Choix de la langue

language-switch = Langue
f-language = Langue du projecteur et du rapport
f-language-en = Anglais
f-language-fr = Français
f-language-en-fr = Anglais et français, côte à côte
rating-value = Note
rating-count = Participants

## Ce qu'un nouveau dialogue reçoit quand on ne précise rien

default-title-welcome = Bienvenue
default-title-introductions = Un espoir et une préoccupation
default-title-brief = Présentation des principales recommandations du rapport
default-title-questions = Questions de clarification
default-title-resonance = Dans quelle mesure le rapport trouve-t-il écho chez vous?
default-title-recommendations = Recommandations pour faire avancer le rapport
default-title-commitments = Une chose que je ferai
default-title-closing = Clôture
default-theme-1 = Éducation
default-theme-2 = Gouvernement
default-theme-3 = Médias
default-theme-4 = ONG et organismes communautaires
default-theme-5 = Autres secteurs
default-scale-low = Pas du tout
default-scale-high = Très fortement

## La page du nouveau lien de connexion pour l'animation

new-link-title = Nouveau lien de connexion
new-link-heading = Nouveau lien de connexion pour l’animation
new-link-text = L’ancienne clé et toutes les autres consoles connectées ne fonctionnent plus. Copiez ce lien maintenant : il ne s’affiche qu’une fois. Toute personne qui l’a en main peut animer ce dialogue.
new-link-label = Lien de connexion
back-to-console = Retour à la console
series = Suite de la série
series-text = Lancer le dialogue suivant avec l’ordre du jour, les thèmes, l’échelle, la présentation du rapport et les langues de celui-ci. Personne n’y est encore et rien n’y est dit.
series-title = Titre du dialogue suivant
series-start = Lancer le dialogue suivant
series-link-title = Dialogue suivant
series-link-heading = Le dialogue suivant est prêt
series-link-text = Il reprend l’ordre du jour, les thèmes, l’échelle et la présentation du rapport de ce dialogue, et personne n’y est encore. Copiez maintenant son lien de connexion pour l’animation : il ne s’affiche qu’une fois. Toute personne qui l’a en main peut animer ce dialogue.
series-link-label = Lien de connexion
series-link-button = Ouvrir sa console
new-link-button = Retour à la console
team = Équipe d’animation
team-text = Donnez à une personne chargée de la modération (masquer, fusionner, reclasser et répondre) ou de la présentation (faire avancer l’ordre du jour et lancer le compte à rebours) son propre lien de connexion. Ni l’une ni l’autre ne peut clore, publier, supprimer ou créer des liens.
team-none = Personne pour l’instant.
team-role = Rôle
team-name = Son nom
team-add = Créer son lien de connexion
team-remove = Retirer { $name }
role-moderator = Modération
role-presenter = Présentation
team-link-title = Lien de connexion de l’équipe
team-link-heading = Un lien de connexion pour votre équipe
team-link-text = Envoyez-lui ce lien maintenant : il ne s’affiche qu’une fois. Il ne permet que son rôle et cesse de fonctionner dès que vous la retirez de l’équipe.
team-link-label = Lien de connexion
team-link-button = Retour à la console
signed-in-role = Session ouverte, rôle : { $role } ({ $name }). La console affiche ce que ce rôle permet.

## La note

rating-of = { $v } sur { $max }
rating-from-to = { $v }, sur une échelle de { $min } à { $max }
rate = Envoyer ma note
rate-again = Modifier ma note

## Annoncé aux lecteurs d’écran au fil de la séance

announce-now = Maintenant : { $title }
announce-more = { $what } : { $n } de plus.
announce-minute = Il reste une minute.
announce-time-up = Le temps est écoulé.
link-projector-contrast = Projecteur, contraste élevé

## Les touches de la console

lock-now = Verrouiller ce point
unlock-now = Déverrouiller ce point
console-keys = Touches, avec le modificateur de touches d’accès de votre navigateur (Alt dans Chrome et Edge, Alt+Maj dans Firefox, Contrôle+Option sur un Mac) : N suivant, P précédent, L verrouiller ou déverrouiller ce point, C compte à rebours (tapez les secondes, puis Entrée). Tab et Maj+Tab atteignent tout le reste.
