"""Rules over a transcript: score each utterance as a task or decision, keep the best few, with evidence."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass

from notesmith.domain import Evidence, Item, Priority, Task, Utterance
from notesmith.extract import cues
from notesmith.extract.decision_wording import QUESTION_AUX, as_statement, decision_text
from notesmith.extract.due_dates import SaidDue, find_due
from notesmith.extract.task_wording import action_text
from notesmith.extract.words import STOPWORDS

TASK_THRESHOLD = 1.6
TASK_THRESHOLD_WITH_CLOSING = 3.0
DECISION_THRESHOLD = 1.6
ACCEPTED_DECISION_BONUS = 0.7
# Far above the rounding of a sum of a few weights, far below any weight: a bound that is below the threshold by
# less than this is not trusted to be below it.
CEILING_MARGIN = 1e-6
TASKS_PER_HOUR = 5
DECISIONS_PER_HOUR = 14
MIN_WORDS = 4
# Two picks closer than this are one item said twice; assignments in a round come a few seconds apart.
TASK_SUPPRESS_SECONDS = 4.0
DECISION_SUPPRESS_SECONDS = 8.0
SHORT_MEETING_HOURS = 1 / 6
SHORT_MEETING_CAP = 4
CONFIRMATION_SECONDS = 10.0
# Work handed out in turn: each part is an action, a meeting's cap stretches to hold up to six of them.
ROUND_SECONDS = 30.0
ROUND_BONUS = 1.0
ROUND_CAP = 6
# However long the source: a minute-taker lists the best few, and what follows (planning, dedup) stays bounded.
MAX_TASKS = 50
MAX_DECISIONS = 50


@dataclass
class Scored:
    index: int
    score: float


def speaker_of(u: Utterance) -> str:
    return u.speaker or u.label or "unknown speaker"


def extract_tasks(utterances: list[Utterance], meeting: dt.date | None, addressee: str | None = None) -> list[Task]:
    """The few commitments and requests a minute-taker would list, at most MAX_TASKS however long the meeting;
    `addressee` owns a request no one else is named for (an e-mail to one person)."""
    return best_of(scored_tasks(utterances, meeting, addressee), MAX_TASKS)


def scored_tasks(utterances: list[Utterance], meeting: dt.date | None,
                 addressee: str | None = None) -> list[tuple[float, Task]]:
    """`extract_tasks` with each task's score, in the order said, before the cap (a thread ranks its messages'
    tasks together)."""
    hours = _duration_hours(utterances)
    short = hours < SHORT_MEETING_HOURS
    threshold = TASK_THRESHOLD if short else TASK_THRESHOLD_WITH_CLOSING
    scores = [_task_score(utterances, i, closing_matters=not short) for i in range(len(utterances))]
    in_a_round = _assignment_round(utterances, scores)
    for i in in_a_round:
        scores[i] += ROUND_BONUS
    round_items = sum(1 for i in in_a_round if scores[i] >= threshold)
    cap = min(max(_cap(hours, TASKS_PER_HOUR), min(round_items, ROUND_CAP)), MAX_TASKS)
    picked = _select(utterances, scores, threshold, cap, TASK_SUPPRESS_SECONDS)
    spoken = _Spoken(utterances, meeting, addressee, speakers_in(utterances))
    tasks: list[tuple[float, Task]] = []
    answers: set[int] = set()
    requests: dict[tuple[int, str], int] = {}  # a request's own task, where it is in `tasks`
    for i in picked:
        if i in answers:
            continue
        for clause in _task_clauses(utterances[i].text):
            answer = i + 1 if _answered_by_commitment(utterances, i, clause, picked) else None
            asked = _request_taken_on(utterances, i, clause, spoken) if answer is None else None
            if asked is not None:
                # one task, where the request was said: in place of the request's own if it was picked too
                at = requests.pop(asked, None)
                taken_on = (max(scores[i], scores[asked[0]]), spoken.answered_task(*asked, i))
                if at is None:
                    tasks.append(taken_on)
                else:
                    tasks[at] = taken_on
            elif answer is None and (when := _only_a_time(clause, meeting)):
                _date_the_work_said_before(tasks, utterances, i, when)
            elif answer is None:
                requests[(i, clause)] = len(tasks)
                tasks.append((scores[i], spoken.task(i, clause)))
            else:
                tasks.append((scores[i], spoken.answered_task(i, clause, answer)))
                answers.add(answer)
    return _without_pronoun_first_sayings(tasks, utterances)


# What is left of "Then I'll aim for the end of next week" once its time is gone: no work of its own.
_TIMING_WORDS = frozenset("then so okay ok well yeah i i'll i will we we'll let's aim shoot target try for to get it "
                          "that this done ready have by the".split())
SAME_TASK_TURNS = 3  # how far back the work a time is said for may be


def _only_a_time(clause: str, meeting: dt.date | None) -> dt.date | None:
    """The date of a commitment that says only when, not what: "Then I'll aim for the end of next week" (said of
    the work just taken on); None for any other clause. A request is never one: it asks for something."""
    said = find_due(clause, meeting)
    if said is None or cues.is_request(clause):
        return None
    rest = (clause[: said.start] + clause[said.end :]).lower()
    return said.date if set(re.findall(r"[a-z']+", rest)) <= _TIMING_WORDS else None


def _date_the_work_said_before(tasks: list[tuple[float, Task]], utterances: list[Utterance], i: int,
                               due: dt.date) -> None:
    """The due date goes to the speaker's latest task said in the few turns before, if it has none."""
    speaker = speaker_of(utterances[i])
    for j in range(i - 1, max(i - 1 - SAME_TASK_TURNS, -1), -1):
        if speaker_of(utterances[j]) != speaker:
            continue
        said_at = evidence_of(utterances[j])
        for k in range(len(tasks) - 1, -1, -1):
            score, task = tasks[k]
            if said_at in task.evidence:
                if task.due is None:
                    tasks[k] = (score, task.model_copy(update={"due": due}))
                return


def _without_pronoun_first_sayings(tasks: list[tuple[float, Task]],
                                   utterances: list[Utterance]) -> list[tuple[float, Task]]:
    """One task said first with a pronoun for its object ("I can post it as soon as I have the description") and a
    few turns later by its owner in words ("Then I'll post the requisition tomorrow"): the worded one is kept, with
    the better score and any due date only the first saying had."""
    turn_of = {(u.text, u.start): n for n, u in enumerate(utterances)}
    turns = [turn_of.get((task.evidence[0].quote, task.evidence[0].start)) for _, task in tasks]
    kept, dropped = list(tasks), set()
    for k, (score, task) in enumerate(tasks):
        if turns[k] is None or not _vague(task.text):
            continue
        for m in range(k + 1, len(tasks)):
            later = kept[m][1]
            if turns[m] is not None and 0 < turns[m] - turns[k] <= SAME_TASK_TURNS and _worded_again(task, later):
                kept[m] = (max(score, kept[m][0]), later if later.due else later.model_copy(update={"due": task.due}))
                dropped.add(k)
                break
    return [entry for k, entry in enumerate(kept) if k not in dropped]


def _worded_again(vague: Task, later: Task) -> bool:
    """The same owner doing the same thing (the same verb leads both), the second time with its object said."""
    same_verb = vague.text.split(None, 1)[0].casefold() == later.text.split(None, 1)[0].casefold()
    return vague.owner is not None and vague.owner == later.owner and same_verb and not _vague(later.text)


def best_of(scored: list[tuple[float, Item]], cap: int) -> list:
    """The `cap` best-scored items (the earlier of equals), in the order they were said."""
    best = sorted(range(len(scored)), key=lambda k: -scored[k][0])[:cap]
    return [scored[k][1] for k in sorted(best)]


# A sentence that both takes work on and hands work out ("I'll ask finance, and can you book the room?").
_CLAUSE_BREAK = re.compile(
    r",?\s+(?:and|but|then)\s+(?:also\s+)?(?=(?:can|could|would|will) you\b|i'll\b|i will\b|you'll\b|let me\b|please\b)|;\s+",
    re.I,
)


def _task_clauses(text: str) -> list[str]:
    """The sentence that states the work; split in two when one part is the speaker's and one is asked of
    someone else, as those are two tasks with two owners."""
    sentence = _best_sentence(text, cues.TASK)
    parts = [part for part in _CLAUSE_BREAK.split(sentence) if _states_work(part)]
    if len(parts) < 2 or len({cues.is_request(part) for part in parts}) < 2:
        return [_the_working_clause(sentence)]
    return [clean_sentence(part) for part in parts]


def _states_work(clause: str) -> bool:
    return cues.cue_score(clause, cues.COMMITMENT) + cues.cue_score(clause, cues.ASSIGNMENT) > 0


def _the_working_clause(sentence: str) -> str:
    """Of clauses a semicolon joins ("Owen explained the exclude list; Ines will send the schema names"), the one
    work is said in, when only one is: the other is a remark of its own."""
    clauses = _SEMICOLON.split(sentence)
    working = [clause for clause in clauses if _states_work(clause)]
    return clean_sentence(working[0]) if len(clauses) > 1 and len(working) == 1 else sentence


_SEMICOLON = re.compile(r";\s+")


def _answered_by_commitment(utterances: list[Utterance], i: int, clause: str, picked: list[int]) -> bool:
    """A request whose very answer is itself picked as a commitment ("Can you send them?" — "I'll send them
    tomorrow"): one task, owned by who answered."""
    answer = i + 1
    return (answer in picked and speaker_of(utterances[answer]) != speaker_of(utterances[i])
            and cues.is_request(clause) and cues.cue_score(utterances[answer].text, cues.COMMITMENT) > 0)


def _request_taken_on(utterances: list[Utterance], i: int, clause: str, spoken: _Spoken) -> tuple[int, str] | None:
    """The request a commitment that names its work by a pronoun only takes on, and its clause: asked by
    someone else just before, or before one remark of a third person ("Theo, can you raise the limit to two
    thousand?" — an aside — "Yes, I'll do that by the fourteenth"). The request says what the work is."""
    if cues.is_request(clause) or not _vague(spoken.wording_of(i, clause)):
        return None
    answerer = speaker_of(utterances[i])
    for asked in (i - 1, i - 2):
        if asked < 0:
            return None
        if speaker_of(utterances[asked]) == answerer:
            if utterances[i].speaker:
                return None
            continue  # a device label ("zoom.us") may be several people: the remark before may be another's
        requests = [c for c in _task_clauses(utterances[asked].text) if cues.is_request(c)]
        if requests:
            return asked, requests[-1]
    return None


def extract_decisions(utterances: list[Utterance]) -> list[Item]:
    scores = [_decision_score(utterances, i) for i in range(len(utterances))]
    cap = min(_cap(_duration_hours(utterances), DECISIONS_PER_HOUR), MAX_DECISIONS)
    picked = _select(utterances, scores, DECISION_THRESHOLD, cap, DECISION_SUPPRESS_SECONDS)
    return [Item(text=_decided(_best_sentence(utterances[i].text, cues.DECISION)),
                 evidence=_evidence_with_confirmations(utterances, i)) for i in picked]


def _decided(sentence: str) -> str:
    """What was decided: a question only gets here when the others said yes, and then it is what they agreed on."""
    return decision_text(as_statement(sentence) if asks(sentence) else sentence)


def _assignment_round(utterances: list[Utterance], scores: list[float]) -> set[int]:
    """Work handed out in a round — one speaker giving several people their part within half a minute: each
    part is an action item, however short the meeting. Each speaker's assignments are put in time order once, so
    that only neighbours need comparing."""
    by_speaker: dict[str, list[tuple[float, int]]] = {}
    for i, score in enumerate(scores):
        u = utterances[i]
        if score > 0 and u.start is not None and cues.cue_score(u.text, cues.ASSIGNMENT) > 0:
            by_speaker.setdefault(speaker_of(u), []).append((u.start, i))
    in_a_round: set[int] = set()
    for timed in by_speaker.values():
        timed.sort()
        for (start, i), (later, j) in itertools.pairwise(timed):
            if later - start <= ROUND_SECONDS:
                in_a_round.update((i, j))
    return in_a_round


def _within(a: Utterance, b: Utterance, seconds: float) -> bool:
    return a.start is not None and b.start is not None and abs(a.start - b.start) <= seconds


def _evidence_with_confirmations(utterances: list[Utterance], i: int) -> list[Evidence]:
    """The utterance, then the other speakers' agreements that follow it within seconds: a decision or an
    assignment is made by the proposal and its acceptance, and either may be where the minutes place it."""
    u = utterances[i]
    evidence = [evidence_of(u)]
    for later in utterances[i + 1 : i + 8]:
        if u.start is None or later.start is None or later.start - u.start > CONFIRMATION_SECONDS:
            break
        if speaker_of(later) != speaker_of(u) and cues.AGREEMENT.match(later.text):
            evidence.append(evidence_of(later))
    return evidence


def _words(text: str) -> int:
    return len(text.split())


def _task_score(utterances: list[Utterance], i: int, closing_matters: bool) -> float:
    text = utterances[i].text
    if _words(text) < MIN_WORDS:
        return 0.0
    # hedges only lower a score (all their weights are negative): with no positive cue they need no search
    work = cues.cue_score(text, cues.COMMITMENT) + cues.cue_score(text, cues.ASSIGNMENT)
    markers = cues.cue_score(text, cues.MARKERS)
    if work + markers <= 0:
        return 0.0
    score = work + (markers + cues.cue_score(text, cues.HEDGE))
    if score <= 0:
        return 0.0
    sentence = _best_sentence(text, cues.TASK)
    if broken_off(sentence) or _asks_about_own_work(sentence):
        return 0.0
    if _accepted_by_next_speaker(utterances, i):
        score += 0.4
    if closing_matters:
        score += _closing_bonus(_position(utterances, i))
    return score


def _asks_about_own_work(sentence: str) -> bool:
    """"Is there anything else I need to do for the next meeting?" asks; it neither takes nor gives work."""
    return sentence.rstrip().endswith("?") and not cues.REQUEST.search(sentence)


def _position(utterances: list[Utterance], i: int) -> float:
    """How far into the meeting an utterance is, 0 (start) to 1 (end)."""
    first, last, here = utterances[0].start, utterances[-1].start, utterances[i].start
    if first is None or last is None or here is None or last <= first:
        return i / max(len(utterances) - 1, 1)
    return (here - first) / (last - first)


def _closing_bonus(position: float) -> float:
    """Next steps are assigned as a meeting closes (on AMI: 6% of the last tenth's utterances vs 0.2% before)."""
    return 2.0 * position**4 + (1.2 if position > 0.85 else 0.0)


def _decision_score(utterances: list[Utterance], i: int) -> float:
    text = utterances[i].text
    if _words(text) < MIN_WORDS:
        return 0.0
    # Only a score at the threshold counts (`_select`), and the most one can gain after the cues is being taken
    # up: below that, 0 does as well, and most utterances are found there by their words alone, without a search.
    if cues.cue_ceiling(text, cues.DECISION) + ACCEPTED_DECISION_BONUS < DECISION_THRESHOLD - CEILING_MARGIN:
        return 0.0
    score = cues.cue_score(text, cues.DECISION) + cues.cue_score(text, cues.HEDGE)
    if score <= 0 or score + ACCEPTED_DECISION_BONUS < DECISION_THRESHOLD - CEILING_MARGIN:
        return 0.0
    sentence = _best_sentence(text, cues.DECISION)
    if not substantive(sentence):
        return 0.0
    accepted = _accepted_by_next_speaker(utterances, i)
    if asks(sentence) and not accepted:
        return 0.0
    return score + (ACCEPTED_DECISION_BONUS if accepted else 0.0)


# Words a finished thought does not end on: "We could just go with", "We may not need to".
_DANGLING = frozenset("to and or but the a an of if because than by my our your their".split())


# Openings of a clause that leans on one said before: "Because it has to be integrated inside", "Rather than just
# bare plastic". With a comma a main clause may follow ("Because of the cost, we drop it"), and then it is whole.
_LEANING = re.compile(r"^\W*(?:because|'?cause|rather than|instead of|although|even though|even if|though|unless"
                      r"|whereas|so that)\b[^,;:]*$", re.I)


def broken_off(sentence: str) -> bool:
    """A phrase that is not a whole thought: it stops mid-way ("We could just go for the", "Basically I'll start
    off by") or only leans on something said before ("Because it has to be integrated inside")."""
    words = sentence.rstrip(" \t.,;:!?…\"')").rsplit(None, 1)  # the last word is all it asks of the words
    return not words or words[-1].lower() in _DANGLING or bool(_LEANING.match(sentence))


def substantive(sentence: str) -> bool:
    """A complete thought about something: a word that carries content, and not broken off."""
    return not broken_off(sentence) and any(w not in STOPWORDS for w in re.findall(r"[\w'-]+", sentence.lower()))


# A question put to the room, even when speech-to-text dropped its question mark: "Do we want them in colours".
_ASKING = re.compile(rf"^\W*(?:{QUESTION_AUX}) (?:we|you|they|it|that)\b", re.I)


def asks(sentence: str) -> bool:
    """A question rather than a statement: only another speaker's yes makes it a decision."""
    return sentence.rstrip().endswith("?") or bool(_ASKING.match(sentence))


def _accepted_by_next_speaker(utterances: list[Utterance], i: int) -> bool:
    speaker = speaker_of(utterances[i])
    for later in utterances[i + 1 : i + 4]:
        if speaker_of(later) != speaker:
            return bool(cues.AGREEMENT.match(later.text))
    return False


def _cap(hours: float, per_hour: int) -> int:
    """A short call (under ten minutes) is dense: up to four items; longer meetings `per_hour` per hour."""
    return SHORT_MEETING_CAP if hours < SHORT_MEETING_HOURS else max(2, round(per_hour * hours))


def _select(utterances: list[Utterance], scores: list[float], threshold: float, cap: int, apart: float) -> list[int]:
    """The highest-scoring utterances above threshold, at most `cap`, not crowded together."""
    ranked = sorted((Scored(i, s) for i, s in enumerate(scores) if s >= threshold), key=lambda c: -c.score)
    chosen: list[int] = []
    for candidate in ranked:
        if len(chosen) >= cap:
            break
        if all(not _within(utterances[candidate.index], utterances[j], apart) for j in chosen):
            chosen.append(candidate.index)
    return sorted(chosen)


def _duration_hours(utterances: list[Utterance]) -> float:
    starts = [u.start for u in utterances if u.start is not None]
    if len(starts) >= 2:
        return max(starts[-1] - starts[0], 60.0) / 3600
    return max(sum(_words(u.text) for u in utterances) / 150 / 60, 1 / 60)


_ADDRESSEE = re.compile(r"(?:,\s*|\b(?:can|could|would|will) )([A-Z][a-z]+)(?:\?|,|\s*$)|^([A-Z][a-z]+),")
_DELEGATED = re.compile(r"\b(?:ask|have|get|tell) ([A-Z][a-z]+(?: [A-Z][a-z]+)?) to\b")
_SEVERAL = re.compile(r"\b(you (guys|two|all)|both of you|all of you|each of you|everyone|everybody)\b", re.I)
_NAMED_OWNER = re.compile(r"\b((?:[A-Z][a-z]+ )+)(?:will|is going to|is gonna|can|should|has to)\b")
_ARTICLES = frozenset({"The", "A", "An", "Our", "Your", "Their", "My"})


# Work taken on or handed out, one family built once (families are cached by identity).
_WORK = cues.COMMITMENT + cues.ASSIGNMENT


@dataclass
class _Spoken:
    """What a task is told from: the conversation, the day it was held, who a lone request is for."""

    utterances: list[Utterance]
    meeting: dt.date | None
    addressee: str | None
    speakers: set[str]

    def task(self, i: int, clause: str) -> Task:
        owner = _owner(self.utterances, i, clause) or (self.addressee if cues.is_request(clause) else None)
        said = find_due(clause, self.meeting)
        due = said.date if said else self._due_beside(i, clause)
        return Task(text=self._wording(i, clause, owner, said), owner=owner, due=due,
                    priority=_priority(clause), evidence=_evidence_with_confirmations(self.utterances, i))

    def answered_task(self, i: int, clause: str, answer: int) -> Task:
        """Owner and due date from the answer; the words from whichever of the two names the thing itself (a
        date the asker said that the answer replaced stays in the asker's words)."""
        reply = _best_sentence(self.utterances[answer].text, cues.TASK)
        owner = _owner(self.utterances, answer, reply)
        if owner is None and not self.utterances[answer].speaker:
            owner = _owner(self.utterances, i, clause)  # who answered is not known: whom the request named
        in_reply, in_clause = find_due(reply, self.meeting), find_due(clause, self.meeting)
        said = in_reply or in_clause
        due = said.date if said else self._due_beside(i, clause)
        asked = self._wording(i, clause, owner, in_clause if in_clause and in_clause.date == due else None)
        answered = self._wording(answer, reply, owner, in_reply)
        return Task(text=answered if _vague(asked) and not _vague(answered) else asked, owner=owner, due=due,
                    priority=_priority(clause) or _priority(reply),
                    evidence=[evidence_of(self.utterances[i])] + _evidence_with_confirmations(self.utterances, answer))

    def _due_beside(self, i: int, clause: str) -> dt.date | None:
        """A date said right after the work, in a sentence of its own that asks or takes on nothing else
        ("Alex, can you take it to finance? Ideally before Friday.")."""
        for sentence in SENTENCE_END.split(self.utterances[i].text.strip()):
            if clause not in sentence and not cues.cue_score(sentence, _WORK):
                said = find_due(sentence, self.meeting)
                if said:
                    return said.date
        return None

    def wording_of(self, i: int, clause: str) -> str:
        """How the clause said at `i` reads as a task, on its own."""
        said = find_due(clause, self.meeting)
        return self._wording(i, clause, _owner(self.utterances, i, clause), said)

    def _wording(self, i: int, clause: str, owner: str | None, due: SaidDue | None) -> str:
        text = action_text(clause, owner, due, asker=self.utterances[i].speaker,
                           listener=listener_of(self.utterances, i, self.speakers) or self.addressee)
        me = self.utterances[i].speaker
        if me in self.speakers and len(self.speakers) == 3:  # "both of you" in a three-person call: the other two
            return _BOTH_OF_YOU.sub(" and ".join(s for s in self.speakers_in_order if s != me), text)
        return text

    @functools.cached_property
    def speakers_in_order(self) -> list[str]:
        """`speakers`, in the order they first speak."""
        return list(dict.fromkeys(u.speaker for u in self.utterances if u.speaker))


_BOTH_OF_YOU = re.compile(r"\b(?:both of you|you both|the two of you)\b", re.I)


def _vague(action: str) -> bool:
    """The thing to do is only a pronoun: "Send them", "Book it this week"."""
    return bool(re.match(r"^\S+(?: \S+)? (it|them|that|this|those|these)\b", action, re.I))


def speakers_in(utterances: list[Utterance]) -> set[str]:
    """Everyone who speaks, known by name (`listener_of` asks it of the whole conversation: counted once)."""
    return {u.speaker for u in utterances if u.speaker}


def listener_of(utterances: list[Utterance], i: int, speakers: set[str]) -> str | None:
    """Who "you" is in a commitment: the other person of a two-person conversation (`speakers`, from
    `speakers_in`), or whoever spoke just before."""
    me = utterances[i].speaker
    if len(speakers) == 2 and me in speakers:
        return next(s for s in speakers if s != me)
    before = utterances[i - 1].speaker if i > 0 else None
    return before if before and before != me else None


def _owner(utterances: list[Utterance], i: int, text: str) -> str | None:
    """Who is named to do it in `text`, said at `i` (`ask Sam to…`, `Sam will…`), else the speaker for `I'll…`
    and the addressee for requests (named, or the next speaker who accepts); none when a role or several
    people are meant."""
    u = utterances[i]
    delegated = _DELEGATED.search(text)
    if delegated:
        return delegated.group(1)
    named, role = _named_subject(text)
    if named:
        return named
    if not cues.is_request(text):
        return u.speaker
    if role or _SEVERAL.search(text):
        return None
    addressed = _ADDRESSEE.search(text)
    if addressed:
        return addressed.group(1) or addressed.group(2)
    # Only an answer before the asker speaks again: after that, the answer is to what they said next.
    answer = utterances[i + 1] if i + 1 < len(utterances) else None
    if answer and speaker_of(answer) != speaker_of(u) and _accepts(answer.text):
        return answer.speaker
    return None


def _named_subject(text: str) -> tuple[str | None, bool]:
    """The capitalized name before `will`/`is going to`…, and whether it is a role ("the Interface Designer")."""
    subject = _NAMED_OWNER.search(text)
    if not subject:
        return None, False
    words = subject.group(1).split()
    while words and words[0].lower() in STOPWORDS and words[0] not in _ARTICLES:
        words.pop(0)  # "So Sam will…", "You will…"
    before = text[: subject.start()].split()[-1:]
    if (words and words[0] in _ARTICLES) or (words and before and before[0].title() in _ARTICLES):
        return None, True
    return (" ".join(words[:2]) or None), False


def _accepts(text: str) -> bool:
    return bool(cues.AGREEMENT.match(text) or re.search(r"\bI('ll| will)\b", text))


def _priority(text: str) -> Priority | None:
    lowered = text.lower()
    if re.search(r"\b(urgent(ly)?|asap|as soon as possible|critical|top priority)\b", lowered):
        return Priority.highest
    if re.search(r"\b(high priority|important|priority)\b", lowered):
        return Priority.high
    if re.search(r"\b(low priority|no rush|whenever|nice to have)\b", lowered):
        return Priority.low
    return None


def evidence_of(u: Utterance) -> Evidence:
    return Evidence(quote=u.text, start=u.start)


_FILLER = re.compile(
    r"^(?:(?:um+|uh+|so|okay|ok|well|yeah|yes|right|and|but|then|oh|alright|sure|great|good|agreed|sounds good|understood)[,.!]?\s+)+",
    re.I,
)
_LEADING_PUNCTUATION = re.compile(r"^[,;:.!?\-–—\s]+")
# A false start said again ("the the", "if you if you", "It It needs…"): written once.
_REPEATED = re.compile(r"\b((?:[^\W\d_][\w'-]*\s+){0,3}[^\W\d_][\w'-]*)(?:,?\s+\1\b)+", re.I)
# Fillers inside a sentence, and one ending it.
_INNER_FILLER = re.compile(r"\s+(um+|uh+)[,]?\s+", re.I)
_FINAL_FILLER = re.compile(r"[,\s]+(um+|uh+)([.,]?)$", re.I)


def _may_repeat(text: str) -> bool:
    """A word said again within four words: the cheap test before the costly pattern (one pass, stopping at the
    first such word)."""
    last_seen: dict[str, int] = {}
    for i, word in enumerate(w.strip(",.;:!?") for w in text.casefold().split()):
        if i - last_seen.get(word, -5) <= 4:  # its nearest earlier place is in the window if any is
            return True
        last_seen[word] = i
    return False


def _may_hold_filler(text: str) -> bool:
    """Whether `text` may hold an um or uh: re.I matches u, m and h to their two cases alone."""
    lowered = text.lower()
    return "um" in lowered or "uh" in lowered


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _best_sentence(text: str, weighted: cues.Cues) -> str:
    """The sentence of an utterance that carries the cue, cleaned of fillers; the evidence keeps it all."""
    # two words or more: splitting off the first word tells
    sentences = [s for s in SENTENCE_END.split(text.strip()) if len(s.split(None, 1)) == 2] or [text]
    best = sentences[0]
    if len(sentences) > 1:
        # the first of the highest scores; a sentence whose words cannot score above it is not searched (a score
        # is a sum of some of the weights its ceiling sums the positive ones of, so it is never above it)
        top = cues.cue_score(best, weighted)
        for sentence in sentences[1:]:
            if cues.cue_ceiling(sentence, weighted) > top:
                score = cues.cue_score(sentence, weighted)
                if score > top:
                    best, top = sentence, score
    return clean_sentence(best)


@functools.lru_cache(maxsize=16384)
def clean_sentence(text: str) -> str:
    """Without leading fillers, um/uh, false starts said twice and a trailing comma, capitalized (remembered:
    facts, risks and questions clean the same sentences)."""
    cleaned = _FILLER.sub("", _LEADING_PUNCTUATION.sub("", text.strip())).strip()
    if _may_repeat(cleaned):
        cleaned = _REPEATED.sub(r"\1", cleaned)
    if _may_hold_filler(cleaned):
        cleaned = _FINAL_FILLER.sub(r"\2", _INNER_FILLER.sub(" ", cleaned))
    cleaned = cleaned.rstrip(",;: ")
    return (cleaned[:1].upper() + cleaned[1:]) if cleaned else text.strip()
