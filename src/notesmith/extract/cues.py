"""Weighted cue phrases that mark commitments, assignments and decisions in speech."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import ahocorasick

# A pattern (and the same compiled with re.ASCII, for `reads_as_ascii` texts), its weight, and words of which any
# match has one (in lower case; empty: none named). A text that has none of them (`folded`) is not searched: most
# utterances lack the few words a cue is built on, and 36 searches of every sentence were most of the rules
# extractor's time.
Cue = tuple[re.Pattern, re.Pattern, float, tuple[str, ...]]


@dataclass(frozen=True, eq=False)
class Cues:
    """A family of weighted patterns; hashed by identity, as hashing a compiled pattern hashes its whole program."""

    pairs: tuple[Cue, ...]

    def __add__(self, other: Cues) -> Cues:
        return Cues(self.pairs + other.pairs)

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every word the family's prefilters name."""
        return frozenset(word for _, _, _, words in self.pairs for word in words)


# The prefilter words of every family, for `_word_finder`.
_ALL_WORDS: set[str] = set()


def _cues(*cues: tuple[str, float, tuple[str, ...]]) -> Cues:
    _ALL_WORDS.update(word for _, _, words in cues for word in words)
    return Cues(tuple((re.compile(pattern, re.I), re.compile(pattern, re.I | re.A), weight, words)
                      for pattern, weight, words in cues))


WORK_VERBS = (
    "send", "e-mail", "email", "mail", "look into", "look at", "look for", "look up", "check", "prepare", "write",
    "work on", "work out", "work together", "draft", "share", "investigate", "find out", "research", "update",
    "book", "schedule", "set up", "follow up", "talk to", "speak to", "contact", "present", "bring", "get",
    "put together", "organise", "organize", "make", "design", "finish", "complete", "circulate", "forward", "ask",
    "call", "loop", "review", "test", "rerun", "run", "post", "confirm", "sort out", "figure out", "think about",
    "come up with", "do", "take care of", "handle", "arrange", "order", "build", "create", "type up", "write up",
    "report", "tell", "inform", "notify", "ping", "size", "open", "pin", "fix", "deliver", "sign", "pay",
    "focus on", "evaluate", "explore", "produce", "specify", "draw", "model", "watch", "consult", "add", "attach",
    "fill in", "start", "try", "sketch", "collect", "gather", "compare", "estimate", "calculate", "plan", "go through",
    "train",
)


def _inflected(phrase: str) -> str:
    """A verb phrase with its head verb in any form: work on, works on, worked on, working on."""
    head, _, rest = phrase.partition(" ")
    head = re.escape(head)
    forms = rf"{head[:-1]}(?:e|es|ed|ing)" if head.endswith("e") and not head.endswith("ee") else rf"{head}(?:s|es|ed|\w?ing)?"
    return forms + (r"\s+" + re.escape(rest).replace(r"\ ", r"\s+") if rest else "")


_DO = "(?:" + "|".join(_inflected(v) for v in sorted(WORK_VERBS, key=len, reverse=True)) + ")"
# Who a piece of work is put on: a person or role named before the modal, or "you" in any of its forms.
_NOT_A_PERSON = r"(?!(?:it|that|this|there|which|what|who|else|i|we|you|they|he|she|one|things?)\b)"
_NOT_A_PRONOUN = r"(?!(?:i|we|you|they)\b)"
# Capitalized words that open a spoken sentence without naming anyone.
_NOT_A_NAME = (r"(?!(?:um|uh|yeah|yes|okay|ok|so|and|but|then|well|maybe|now|also|just|everybody|everyone|somebody"
               r"|someone|nobody|one|all|both|each|which|who|what|people|he|she|no|not)\b)")
_MODAL = (r"(?: will|'ll| is going to| are going to|'s going to|'re going to| is gonna| are gonna|'s gonna|'re gonna"
          r"| should| has to| have to| needs to| need to| must| can| could)")
_WORD_THEN_MODAL = rf"[A-Za-z]++{_MODAL}"
_MODAL_WORDS = (" will", "'ll", " going to", " gonna", " should", " has to", " have to", " need", " must", " can",
                " could")

COMMITMENT = _cues(
    # not a purpose ("send me the timeline so I can share it"): that is why the work is asked, not work taken on
    # nor a word between that takes it back ("I can never work on planes")
    (rf"\b(?<!so )(?<!so that )(i'll|i will|i'm going to|i am going to|i'm gonna|i can|let me|i'll try to|i'll just)\s+((?!(?:never|not)\b)\w+\s+)?{_DO}\b", 2.0, ("i'll", 'i will', "i'm", 'i am', 'i can', 'let me')),
    (r"\b(i'll|i will)\b", 0.8, ("i'll", 'i will')),
    (r"\b(i need to|i have to|i should|i've got to|i still have to|i have still)\b", 0.9, ('i need to', 'i have', 'i should', "i've got to", 'i still have to')),
    (r"\bi (?:still )?owe (?:you |\w+ )?(?:the|a|an|my|our)\b", 1.5, ('owe ',)),  # "I still owe the load test report"
    (rf"\b(we'll|we will|we need to|we have to|we should|we're going to)\s+(\w+\s+)?{_DO}\b", 0.7, ("we'll", 'we will', 'we need to', 'we have to', 'we should', "we're going to")),
    (r"\b(i'll|i will|let me) (see you|say|be (?:honest|concrete|clear|frank|direct|blunt)|tell you what|just say)\b|\blet me see\b"
     # putting an answer off, unless something is promised with it ("…and get back to you")
     r"|\blet me think about (?:it|that)\b(?!,? and\b)", -2.0, ("i'll", 'i will', 'let me')),
)
# "so" after a word (not a sentence's opening "So"), then someone who can or could: a purpose clause
_NOT_FOR_PURPOSE = r"(?!(?:(?<=[\w,] so )|(?<=[\w,] so that ))[A-Za-z]+ (?:can|could)\b)"
ASSIGNMENT = _cues(
    (rf"\b(can you|could you|would you|will you|you'll|you will|you need to|you should|you have to|you're going to|you're gonna|you are going to|you can|you could|you must)\s+(\w+\s+){{0,2}}{_DO}\b", 1.8, ('can you', 'could you', 'would you', 'will you', "you'll", 'you will', 'you need to', 'you should', 'you have to', "you're go", 'you are going to', 'you can', 'you could', 'you must')),
    (rf"\b(you|you two|you guys|both of you)('ll| will| are going to|'re going to|'re gonna| are gonna) be {_DO}\b", 1.2, ("'ll be", ' will be', ' going to be', ' gonna be')),
    (r"\b(your (individual )?(assignment|job|task|homework)s?|you('ll| will) be (doing|working|looking|responsible))\b", 2.2, ('your ', "you'll be", 'you will be')),
    # A word then a modal is looked for first (few words are followed by one), and only then whether the word names
    # no person; `++` as a modal opens with a space or an apostrophe, so the word before it is whole.
    # "You don't have to tell me" frees someone of work: the "t" of a negation is no word before a modal
    # "…two sessions so everyone can make one" says what the work is for: a purpose clause hands nobody work
    (rf"(?<!n['’])\b(?={_WORD_THEN_MODAL}){_NOT_FOR_PURPOSE}{_NOT_A_PERSON}[A-Za-z]+{_MODAL} (?:be )?(?:{_NOT_A_PRONOUN}\w+ )?{_DO}\b", 1.4,
     _MODAL_WORDS),
    # …and more surely so when the one named is a person: "Marcus will share the questionnaire" (name and modal
    # looked for first, as above)
    (rf"\b(?=(?-i:[A-Z][a-z]++(?: [A-Z][a-z]++)?){_MODAL}){_NOT_A_PERSON}{_NOT_A_NAME}"
     rf"(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)?){_MODAL} (?:also |just )?{_DO}\b",
     0.6, _MODAL_WORDS),
    # work wished of someone (re.I: any word may name them, but "What I need is to show my CIO" names no one); a
    # state wished for asks for none: "I want you to stay", "I need you to know that"
    (rf"\b(i'd like|i would like|i want|i need) (you|{_NOT_A_PERSON}(?!(?:is|was|are)\b)[A-Z]\w+)( guys| two| all)? to\b"
     r"(?! (?:stay|know|feel|understand|remember|believe|worry|relax|enjoy|like|love|hear|see)\b)", 2.0, ("i'd like", 'i would like', 'i want', 'i need')),
    (rf"\bif you (can|could) (\w+ )?{_DO}\b", 1.6, ('if you can', 'if you could')),
    (r"\bfor (you|[A-Z]\w+),? (\w+,? )?to\b", 1.5, ('for ',)),
    (r"\bplease (ask|have|get|tell) [A-Z]\w+( [A-Z]\w+)? to\b", 2.2, ('please ',)),
    (rf"(?:^|[.!?]\s)\W*(?:(?-i:[A-Z][a-z]+),\s+)?please (?:also |just )?{_DO}\b", 1.8, ('please ',)),
    # a request put to someone by name asks for work whatever its verb: "Alex, can you take the proposal to finance?"
    (r"(?:^|[.!?]\s)\W*(?-i:[A-Z][a-z]+),\s+(?:can|could|would|will) you (?!(?:see|hear|tell me|remember|believe|imagine)\b)\w+", 1.8, ('can you ', 'could you ', 'would you ', 'will you ')),
    (r"^\W*(\w+\W+){0,2}(what|how|why|where|which)\b[^?]*\?\s*$", -1.8, ('?',)),
)
MARKERS = _cues(
    (r"\b(action items?|next steps?|to-?dos?|homework|follow[- ]ups?|assignments?)\b", 1.5, ('action item', 'next step', 'todo', 'to-do', 'homework', 'follow-up', 'follow up', 'assignment')),
    (r"\b(by|before|until) (the )?(next (meeting|week|time)|tomorrow|monday|tuesday|wednesday|thursday|friday|end of (the )?(day|week|month))\b", 1.2, ('next ', 'tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'end of ')),
    (r"\b(tomorrow|tonight|later today|this afternoon|next week|next meeting|end of (the )?week|by friday|this week)\b", 0.8, ('tomorrow', 'tonight', 'later today', 'this afternoon', 'next week', 'next meeting', 'end of ', 'by friday', 'this week')),
)
# Everything that marks a task, for picking the sentence of an utterance that states it: one family, built once
# (families are cached by identity).
TASK = COMMITMENT + ASSIGNMENT + MARKERS
DECISION = _cues(
    (r"\b(let's|let us) (go|stick|use|drop|skip|keep|take|do|make|choose|pick|have|put|leave|say|agree|start|begin"
     r"|launch|ship|switch|postpone|push|hold|set|schedule)\b", 2.0, ("let's", 'let us')),
    (r"\bwe(?:'ve| have)?(?: \w+)? (?:decided|agreed|chosen|settled)\b|\bdecision\b[^.:?]{0,25}:", 2.2, ('decided', 'agreed', 'chosen', 'settled', 'decision')),
    (r"\b(?:we('re| are) going (with|for)|we('ll| will) (go|stick) (with|for)|go with|go for|(we|let's) proceed with)\b", 2.0, ('going with', 'going for', 'go with', 'go for', 'stick with', 'stick for', 'proceed with')),
    (r"\b(it|that|this|the \w+) (has|have|needs?) to (be|have)\b", 1.3, (' to be', ' to have')),
    (r"\b(we('ll| will)|we're gonna|we are gonna) (have|use|make|need|put|keep|include|do|sell|target|go|drop|skip)\b", 1.1, ("we'll ", 'we will ', "we're gonna ", 'we are gonna ')),
    (r"\b(we need|we want|we'd like|we wanna|we should (have|use|go|make|keep|include|do))\b", 1.0, ('we need', 'we want', "we'd like", 'we wanna', 'we should')),
    (r"\b(the only option|just skip it|let's not|we don't need|we('re| are) not going to|we won't|no longer|instead of|rather than)\b", 1.0, ('the only option', 'just skip it', "let's not", "we don't need", 'not going to', "we won't", 'no longer', 'instead of', 'rather than')),
    (r"\b(agreed|settled|final|definitely|that's it|fine by me|sounds good)\b", 0.6, ('agreed', 'settled', 'final', 'definitely', "that's it", 'fine by me', 'sounds good')),
    # a proposal in the first person, for the others to take up: "Then I'd leave Fabrikam out of the forecast",
    # "I'd like to quarantine it", "I suggest we split it"
    (r"\bi'd (keep|leave|go|drop|stick|use|skip|choose|pick|stay)\b"
     r"|\b(i'd like to|i suggest|i propose|my suggestion is|why don't we|how about we)\b", 1.0, ("i'd ", 'i suggest', 'i propose', 'my suggestion is', "why don't we", 'how about we')),
    # the chair closing a point: "Okay, we'll keep the trial at 60 days"
    (r"^\W*(okay|ok|alright|right|so|fine|good|then)\W+(so\W+|then\W+)?(we'll|we will|we're going to|we are going to|let's)\b", 0.8, ("we'll", 'we will', "we're going to", 'we are going to', "let's")),
    (r"\b(euros?|dollars?|pounds?|percent|\d+)\b", 0.4, ()),
    (r"\b(let's|let us) (go|move|skip|jump) (back|on|ahead|to|over|through)\b|\blet's (see|look|hear|have a look)\b"
     # starting the meeting, not starting something ("let's start the first wave on June 16th" is a decision)
     r"|\blet's (start|begin|get started|kick off)(\s*[,.!?]|\s+(with|by|off|now|then|again|today|here|there)\b|\s*$)"
     # holding the meeting itself: "Let's do sprint planning quickly"
     r"|\blet's (do|have|run|get through) (the |a |our |this |some )?(quick |short )?(sprint planning|planning|stand-?up"
     r"|retro|retrospective|round|intros?|introductions|updates|agenda|check-in|sync|meeting|call)\b", -2.0, ("let's", 'let us')),
    # going back over a past meeting ("I'll go over what we decided last meeting") decides nothing now
    (r"\b(go over|going over|recap|review|summari[sz]e|run through|remind \w+ of) (what|everything) we(?:'ve| have)? (decided|agreed|said|discussed)\b", -2.0, ('what we', 'everything we')),
)
AGREEMENT = re.compile(
    r"^\W*(yeah|yes|yep|okay|ok|agreed|sure|right|fine|exactly|absolutely|definitely|sounds good|good|great|true|correct|mm-hmm|alright"
    r"|makes sense|that makes sense|that works|works for me|fair enough|perfect|good idea|i agree|let's do (that|it)"
    r"|will do|can do|on it|i'm on it|no problem|of course)\b",
    re.I,
)
HEDGE = _cues(
    (r"\b(i think|maybe|perhaps|i don't know|i guess|probably|might|could be|not sure)\b", -0.5, ('i think', 'maybe', 'perhaps', "i don't know", 'i guess', 'probably', 'might', 'could be', 'not sure')),
    (r"\b(i've|i had|i did|i was|i were|we did|we were|we had)\b", -0.7, ("i've", 'i had', 'i did', 'i was', 'i were', 'we did', 'we were', 'we had')),
)


@functools.lru_cache(maxsize=16384)
def cue_score(text: str, cues: Cues) -> float:
    """The summed weight of the cues found in `text` (remembered: the same text is scored for several kinds)."""
    found = _seen(text)[2]
    weights = []
    for key, pattern, weight in _allowed(text, cues).patterns:
        hit = found.get(key)
        if hit is None:
            hit = found[key] = pattern.search(text) is not None
        if hit:
            weights.append(weight)
    return sum(weights)


def cue_ceiling(text: str, cues: Cues) -> float:
    """The most `cue_score` could give `text`, by the words it holds alone: no pattern is searched."""
    return _allowed(text, cues).ceiling


@dataclass(frozen=True)
class _Allowed:
    """The patterns of a family a text may match, and the sum of their positive weights."""

    patterns: tuple[tuple[int, re.Pattern, float], ...]
    ceiling: float


@functools.lru_cache(maxsize=16384)
def _allowed(text: str, cues: Cues) -> _Allowed:
    """What of the family `text` may match, by the prefilter words it holds."""
    plain, present, _ = _seen(text)
    return _possible(cues, present & cues.words, plain)


@functools.lru_cache(maxsize=4096)
def _possible(cues: Cues, present: frozenset[str], plain: bool) -> _Allowed:
    """The family's patterns a text with just the words `present` may match, in order, each with its identity
    (the patterns are module constants, alive for the whole process) and compiled as the text needs (`plain`:
    `reads_as_ascii`): texts share a few sets of words."""
    patterns = tuple((id(pattern), ascii_pattern if plain else pattern, weight)
                     for pattern, ascii_pattern, weight, words in cues.pairs if not words or not present.isdisjoint(words))
    return _Allowed(patterns, sum(weight for _, _, weight in patterns if weight > 0))


# The only characters outside ASCII that re.I lets match an ASCII letter (all of Unicode checked, Python 3.11), each
# with the letter it matches. With these replaced, lower case holds every cue word that re.I could find: a dash or
# an accent in a sentence does not cost it its prefilter.
_ASCII_FOLDS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})
_FOLDED_CHARACTERS = tuple(map(chr, _ASCII_FOLDS))


def folded(text: str) -> str:
    """`text` in lower case, where any run of characters that re.I matches to an ASCII word reads as that word."""
    # translating is slow with a table (each character looked up), and texts outside ASCII mostly hold a curly
    # quote or a dash, none of the four
    if text.isascii() or not any(char in text for char in _FOLDED_CHARACTERS):
        return text.lower()
    return text.translate(_ASCII_FOLDS).lower()


# Characters for which Unicode matching may differ from re.ASCII: all outside ASCII, and the four information
# separators (\x1c-\x1f), whitespace to Unicode only (all 128 ASCII characters checked, Python 3.11).
_UNICODE_ONLY = re.compile(r"[\x1c-\x1f\x80-\U0010ffff]")


def reads_as_ascii(text: str) -> bool:
    """Whether an ASCII pattern finds in `text` with re.ASCII just what it finds without (ASCII matching is about
    twice as fast): so it does where every character Unicode sees otherwise is no letter, digit or space (a dash,
    a curly quote), as word characters, digits, spaces and word boundaries then agree, and only letters fold to
    ASCII letters under re.I."""
    return not any(char.isalnum() or char.isspace() for char in _UNICODE_ONLY.findall(text))


@functools.lru_cache(maxsize=16384)
def _seen(text: str) -> tuple[bool, frozenset[str], dict[int, bool]]:
    """Whether the text `reads_as_ascii`, the prefilter words its `folded` form holds (of every family), and which
    patterns were found in it by pattern identity: families share patterns (TASK is three of them), so each
    pattern searches a text once."""
    return reads_as_ascii(text), frozenset(word for _, word in _word_finder().iter(folded(text))), {}


@functools.cache
def _word_finder() -> ahocorasick.Automaton:
    """Finds, in one pass over a text, every occurrence of every family's prefilter words, overlapping ones
    included: looking for each of some 150 words in turn was a tenth of the rules extractor's time. Built on first
    use, when every family of this module is."""
    finder = ahocorasick.Automaton()
    for word in sorted(_ALL_WORDS):
        finder.add_word(word, word)
    finder.make_automaton()
    return finder


def is_request(text: str) -> bool:
    """Work asked of someone else rather than taken on by the speaker."""
    return cue_score(text, ASSIGNMENT) > cue_score(text, COMMITMENT)


# A request to the person addressed ("can you…", "please…").
REQUEST = re.compile(r"\b(?:can|could|would|will) you\b|\bplease\b", re.I)
