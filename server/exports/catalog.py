"""Every word the exports print that is not the meeting's own text, in English and Dutch.

Round, method, duty and item-kind names use the browser client's keys and words
(client/i18n/en.js and nl.js), so an export says what the screens said; a test compares
them. A key missing in either language fails a test, never a download.
"""

from collections.abc import Mapping

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"

EN: Mapping[str, str] = {
    # headings
    "export.summary": "Summary",
    "export.brief": "The brief",
    "export.problem": "Problem",
    "export.objectives": "Objectives",
    "export.context": "Context and briefing material",
    "export.people": "Who took part",
    "export.agenda": "Agenda: planned and actual",
    "export.board": "The flipchart",
    "export.lessons": "Lessons learned",
    "export.actions": "Actions",
    "export.airtime": "Airtime",
    # labels
    "export.method": "Method",
    "export.planned_start": "Planned start",
    "export.created": "Created",
    "export.started": "Started",
    "export.closed": "Closed",
    "export.not_yet": "not yet",
    "export.follows": "Follows the meeting",
    "export.name": "Name",
    "export.duties": "Duties",
    "export.guest": "in the room without a device",
    "export.round": "Round",
    "export.planned": "Planned",
    "export.actual": "Actual",
    "export.skipped": "skipped",
    "export.before_start": "Before the start",
    "export.removed_round": "A round taken off the agenda",
    "export.hidden": "private: only you see this; never revealed",
    "export.edited": "edited",
    "export.unrevealed": "Cards never revealed, left out: {n}",
    "export.confirmed": "Confirmed by {name} on {at}.",
    "export.changed": "Confirmed by {name} on {at}; changed since then. This is the confirmed version.",
    "export.unconfirmed": "Not confirmed by the learning team.",
    "export.none": "None.",
    "export.owner": "Owner",
    "export.due": "Due",
    "export.status": "Status",
    "export.note": "Note",
    "export.carried": "Carried over",
    "export.source": "From the flipchart",
    "export.id": "Id",
    "export.what": "What",
    "export.source_item": "Source item",
    "export.seconds": "Seconds",
    "export.turns": "Turns",
    "export.minutes": "{n} min",
    "export.yes": "yes",
    "export.no": "no",
    "export.no_airtime": "Not tracked: nobody had the floor.",
    # action statuses
    "outcome_status.open": "open",
    "outcome_status.doing": "doing",
    "outcome_status.done": "done",
    "outcome_status.dropped": "dropped",
    # shared with the browser client
    "duty.case_owner": "Case owner",
    "duty.scribe": "Scribe",
    "duty.timekeeper": "Timekeeper",
    "duty.facilitator": "Facilitator",
    "duty.peer": "Peer",
    "kind.note": "Note",
    "kind.question": "Question",
    "kind.option": "Option / advice",
    "kind.lesson": "Lesson",
    "kind.action": "Action",
    "method.peer_assist.name": "Peer Assist",
    "method.incident.name": "Incident method",
    "method.balint.name": "Balint method",
    "method.gossip.name": "Gossip method",
    "method.five_step.name": "Five-step method",
    "round.opening.name": "Opening",
    "round.accountability.name": "Accountability",
    "round.case_select.name": "Choose a case",
    "round.tell.name": "Tell",
    "round.write_questions.name": "Write questions",
    "round.question_round.name": "Information round",
    "round.ask.name": "Ask",
    "round.clarify.name": "Clarifying questions",
    "round.write_associations.name": "First associations",
    "round.analyse.name": "Analyse",
    "round.core.name": "Formulate the core",
    "round.gossip.name": "Gossip",
    "round.write_advice.name": "Write advice",
    "round.share_advice.name": "Share advice",
    "round.feedback.name": "Feedback",
    "round.advice.name": "Advice round",
    "round.owner_response.name": "Case owner responds",
    "round.closing_discussion.name": "Closing discussion",
    "round.lessons.name": "Lessons and actions",
    "round.evaluation.name": "Evaluation",
    "round.close.name": "Close",
}

NL: Mapping[str, str] = {
    "export.summary": "Verslag",
    "export.brief": "De vraag",
    "export.problem": "Vraagstuk",
    "export.objectives": "Doelen",
    "export.context": "Achtergrond en voorbereiding",
    "export.people": "Deelnemers",
    "export.agenda": "Agenda: gepland en werkelijk",
    "export.board": "De flip-over",
    "export.lessons": "Geleerde lessen",
    "export.actions": "Acties",
    "export.airtime": "Spreektijd",
    "export.method": "Methode",
    "export.planned_start": "Geplande start",
    "export.created": "Aangemaakt",
    "export.started": "Begonnen",
    "export.closed": "Afgesloten",
    "export.not_yet": "nog niet",
    "export.follows": "Vervolg op de bijeenkomst",
    "export.name": "Naam",
    "export.duties": "Rollen",
    "export.guest": "in de ruimte zonder apparaat",
    "export.round": "Ronde",
    "export.planned": "Gepland",
    "export.actual": "Werkelijk",
    "export.skipped": "overgeslagen",
    "export.before_start": "Voor de start",
    "export.removed_round": "Een ronde die van de agenda is gehaald",
    "export.hidden": "privé: alleen jij ziet dit; nooit getoond",
    "export.edited": "bewerkt",
    "export.unrevealed": "Nooit getoonde kaartjes, weggelaten: {n}",
    "export.confirmed": "Bevestigd door {name} op {at}.",
    "export.changed": "Bevestigd door {name} op {at}; daarna gewijzigd. Dit is de bevestigde versie.",
    "export.unconfirmed": "Niet bevestigd door het lerende team.",
    "export.none": "Geen.",
    "export.owner": "Eigenaar",
    "export.due": "Uiterlijk",
    "export.status": "Status",
    "export.note": "Toelichting",
    "export.carried": "Overgenomen",
    "export.source": "Van de flip-over",
    "export.id": "Id",
    "export.what": "Wat",
    "export.source_item": "Bronkaartje",
    "export.seconds": "Seconden",
    "export.turns": "Beurten",
    "export.minutes": "{n} min",
    "export.yes": "ja",
    "export.no": "nee",
    "export.no_airtime": "Niet bijgehouden: niemand had het woord.",
    "outcome_status.open": "open",
    "outcome_status.doing": "bezig",
    "outcome_status.done": "klaar",
    "outcome_status.dropped": "vervallen",
    "duty.case_owner": "Inbrenger",
    "duty.scribe": "Notulist",
    "duty.timekeeper": "Tijdbewaker",
    "duty.facilitator": "Gespreksleider",
    "duty.peer": "Collega",
    "kind.note": "Aantekening",
    "kind.question": "Vraag",
    "kind.option": "Optie / advies",
    "kind.lesson": "Les",
    "kind.action": "Actie",
    "method.peer_assist.name": "Peer Assist",
    "method.incident.name": "Incidentmethode",
    "method.balint.name": "Balintmethode",
    "method.gossip.name": "Roddelmethode",
    "method.five_step.name": "Vijfstappenmethode",
    "round.opening.name": "Opening",
    "round.accountability.name": "Terugblik",
    "round.case_select.name": "Casus kiezen",
    "round.tell.name": "Casus inbrengen",
    "round.write_questions.name": "Vragen opschrijven",
    "round.question_round.name": "Vraagronde",
    "round.ask.name": "Doorvragen",
    "round.clarify.name": "Verhelderende vragen",
    "round.write_associations.name": "Eerste associaties",
    "round.analyse.name": "Analyseren",
    "round.core.name": "Kernvraag formuleren",
    "round.gossip.name": "Roddelronde",
    "round.write_advice.name": "Advies opschrijven",
    "round.share_advice.name": "Adviezen delen",
    "round.feedback.name": "Feedback",
    "round.advice.name": "Adviesronde",
    "round.owner_response.name": "Reactie van de inbrenger",
    "round.closing_discussion.name": "Nabespreking",
    "round.lessons.name": "Lessen en acties",
    "round.evaluation.name": "Evaluatie",
    "round.close.name": "Afsluiting",
}

CATALOGS: Mapping[str, Mapping[str, str]] = {"en": EN, "nl": NL}


class Words:
    """One language's words: `words("export.minutes", n=5)`, `words.round("ask")`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in CATALOGS else DEFAULT_LANGUAGE
        self._strings = CATALOGS[self.lang]

    def __call__(self, key: str, **values: object) -> str:
        text = self._strings[key]
        return text.format(**values) if values else text

    def round(self, kind: str | None) -> str:
        return self._named("round", kind)

    def method(self, key: str) -> str:
        return self._named("method", key)

    def _named(self, family: str, key: str | None) -> str:
        # A kind this catalog does not know (added later) shows its key rather than failing.
        return self._strings.get(f"{family}.{key}.name", key or "")

    def duty(self, duty: str) -> str:
        return self._strings.get(f"duty.{duty}", duty)

    def kind(self, kind: str) -> str:
        return self._strings.get(f"kind.{kind}", kind)

    def status(self, status: str) -> str:
        return self._strings.get(f"outcome_status.{status}", status)


def language(query: str | None, accept_language: str | None) -> str:
    """`?lang=` when it names a language we have, else the first one of ours the
    browser's Accept-Language prefers (by q), else English."""
    if query in CATALOGS:
        return query
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-", 1)[0]
        if primary in CATALOGS and q > 0:
            ranked.append((-q, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
