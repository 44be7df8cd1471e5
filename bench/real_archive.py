"""Real-archive bench: build a vault from a folder of someone's files and count what its owner could not trust.

Usage: python bench/real_archive.py FOLDER [--owner NAME] [--expected FILE] [--json] [--show N] [--keep DIR]

The folder's files (hidden ones, README.md and expected.json aside) are copied into the Inbox of a fresh vault
whose config names the owner (`[me]`: the name, the first name as alias; the owner's microphone labels of the
shared samples and the fixture corpus in `[speakers]`), and `notesmith ingest --json` runs as a subprocess. Then
the vault on disk is read back and counted: meeting notes and how many are redundant (two notes for one meeting:
by the `meeting` keys of expected.json when there is one, else by the overlap of their sources' words);
proposals (`[?]` tasks) by junk class; person notes named by a label, a placeholder, a notification sender, the
owner or a company; placeholders and broken wiki-links in the notes notesmith wrote; with expected.json, task
precision/recall against its `real_tasks` and the people it names. `--show` lists that many junk proposals and
every junk person with the input files they came from. Every name in the fixtures is made up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import yaml
from rapidfuzz import fuzz

OWNER_DEVICES = ("Jabra Speak 710", "Parallels Desktop", "MacBook Pro Microphone")
NOT_INPUTS = {"README.md", "expected.json"}
TASK_LINE = re.compile(r"^\s*- \[(.)\] (.*)$")
TASK_FIELDS = re.compile(r"\s(?:🆔|🔺|⏫|🔼|🔽|⏬|➕|📅|⏳|🛫|✅|❌|#task\b).*$")
OWNER_MENTION = re.compile(r"(?:^|\s+)@(?:\[\[[^\]]*\]\]|\S+(?: [A-Z][\w'-]+)?)")
WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:[#|][^\]]*)?\]\]")
MATCH_THRESHOLD = 70
SAME_MEETING_OVERLAP = 0.5
SAME_DAY_WORD_JACCARD = 0.25


# ---------------------------------------------------------------- junk classes of a proposal (its description)

QUERY_WORDS = re.compile(
    r"^(?:not done|done|sort by\b|group by\b|filter by\b|path (?:includes|does not include)\b|"
    r"(?:due|scheduled|start|happens|done) (?:before|after|on|in)\b|(?:hide|show)\s\w|short mode|explain|limit\b|"
    r"(?:description|heading|tags?|filename|folder|path) (?:includes|does not include|regex)\b)", re.IGNORECASE)
DATAVIEW_WORDS = re.compile(r"^(?:LIST|TABLE|TASK|FROM|WHERE|SORT|GROUP BY|FLATTEN|LIMIT)\b")


def is_query_line(text: str) -> bool:
    """A line of an Obsidian Tasks or Dataview query block ('sort by due', 'not done', 'filter by function …')."""
    return bool(QUERY_WORDS.match(text.strip()) or DATAVIEW_WORDS.match(text.strip()))


PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|<%.*?%>|_Unknown_|@TBD\b|\[\[\]\]|_Brief description[^_]*_|_What [^_]*\?_")


def has_placeholder(text: str) -> bool:
    """Template text left unfilled: {{…}}, <% … %>, _Unknown_, @TBD, [[]], the predecessor's _Brief description…_."""
    return bool(PLACEHOLDER.search(text))


def is_over_200(text: str) -> bool:
    """Longer than 200 characters: a run of ASR text, not one action said in one sentence."""
    return len(text) > 200


FOOTER = re.compile(
    r"do not reply|don't reply to this|unsubscribe|manage (?:your )?preferences|notification settings|"
    r"view (?:it )?in (?:your )?browser|intended (?:solely )?for the (?:use|addressee|recipient)|intended recipient|"
    r"confidential(?:ity)? notice|this (?:e-?mail|message) (?:and any attachments )?(?:is|are|was|contains?) "
    r"(?:confidential|sent|intended)|sent from my (?:iphone|ipad|phone)|all rights reserved|"
    r"you (?:are|have) receiv(?:ing|ed) this|ai-generated content|unmonitored address|forwarding this invitation|"
    r"change what [\w ]+ sends you|learn why we included this", re.IGNORECASE)


def is_footer(text: str) -> bool:
    """Mail boilerplate: do-not-reply, unsubscribe, legal/confidentiality notices, 'Sent from my iPhone'."""
    return bool(FOOTER.search(text))


VERBS = frozenset(re.findall(r"[a-z]+", """
accept add adjust agree align allocate analyze announce answer approve arrange ask assess assign attend audit
benchmark block book brief bring build buy calculate call cancel change check circulate clarify clean close collect come compare complete
configure confirm connect consider contact continue coordinate copy correct cover create cut debug decide define
delete deliver demo deploy describe design determine discuss do document draft drive email enable end ensure escalate
estimate evaluate expand explain explore export extend figure file fill finalize find finish fix flag follow forward
gather get give go grab handle help hire host identify implement import improve include inform install introduce
investigate invite issue join keep kick launch lead learn let list load lock look loop make manage map mark measure
meet merge migrate mock model monitor move negotiate note notify obtain onboard open order organize outline own pay
pick pilot ping plan post prepare present prioritize produce propose provide publish pull push put raise reach read
rebook recap receive reconcile record reduce refresh register reject release remind remove renew replace reply report
request reschedule research resend reserve resolve respond restart resubmit return review revise rework roll run
schedule scope see select send set settle share ship sign size sketch sort speak spec specify start stop submit
summarize support sync take talk tell test think track train transfer triage try turn understand update upgrade
upload use validate verify wait walk want work wrap write
"""))
AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being", "will", "would", "shall", "should", "can", "could",
               "may", "might", "must", "need", "needs", "has", "have", "had", "do", "does", "did", "'ll"}
CONJUNCTION_START = {"and", "but", "or", "so", "because", "cause", "which", "whereas", "although", "though", "nor",
                     "yet", "plus", "also"}
DANGLING_END = {"the", "a", "an", "to", "of", "and", "or", "but", "with", "for", "that", "because", "if", "so",
                "in", "on", "at", "by", "from", "my", "your", "our", "their", "his", "her", "will", "would", "can",
                "could", "should", "we", "i", "you", "they", "he", "she", "then",
                "than", "as", "like", "about", "into", "this", "these", "those", "some", "any", "very", "just", "um",
                "uh"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'’]*", text.lower())


def _is_verb(word: str) -> bool:
    for stem in (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-2] + "e", word[:-1] if
                 word.endswith("ies") else ""):
        if stem in VERBS:
            return True
    return word.replace("’", "'") in AUXILIARIES or word.endswith(("ize", "ise", "ify"))


DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our"}
CLOSED_CLASS = DETERMINERS | CONJUNCTION_START | {
    "i", "we", "you", "he", "she", "it", "they", "me", "us", "them", "my", "your", "his", "her", "what", "which",
    "who", "when", "where", "why", "how", "for", "of", "in", "on", "at", "by", "with", "from", "to", "about", "as",
    "yes", "no", "okay", "ok", "yeah", "well", "maybe", "just", "then", "now", "there", "here", "very", "really"}


def is_fragment(text: str) -> bool:
    """Not a whole action: no verb (an imperative's first word counts as one unless it is a pronoun, determiner,
    preposition…; a noun phrase such as 'The owner filter' has none), a conjunction first, or a stop mid-clause
    ('Aim for the', 'Confirm the code freeze for')."""
    words = _words(text)
    if not words:
        return True
    last = re.findall(r"[a-z0-9][a-z0-9'’]*", text.lower())[-1]
    has_aux = any(w.replace("’", "'") in AUXILIARIES for w in words)
    no_verb = (words[0] in CLOSED_CLASS and not any(_is_verb(w) for w in words[1:])
               or words[0] in DETERMINERS and not has_aux)
    return (no_verb or words[0] in CONJUNCTION_START or last in DANGLING_END
            or text.rstrip().endswith((",", "…", "...", "-", "—", ":", ";")))


FIRST_PERSON = re.compile(r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|me|my|myself|mine)\b", re.IGNORECASE)
STORY_OPENER = re.compile(
    r"^(?:i (?:was|remember|think|guess|mean|just|wanted|felt|thought|spent|had|drove|left|sat|grew)|"
    r"when i\b|so i\b|and i\b|honestly\b|my (?:wife|husband|kid|daughter|son|dad|mom|mother|father|brother|sister)\b)",
    re.IGNORECASE)


def is_narrative(text: str) -> bool:
    """A first-person story rather than work: it opens like a story, or says I/me/my three times or more."""
    return bool(STORY_OPENER.match(text.strip())) or len(FIRST_PERSON.findall(text)) >= 3


def normalized(text: str) -> str:
    """Lower case, words only: two proposals with the same normalized text say the same thing."""
    return " ".join(_words(text))


JUNK_CLASSES = {
    "query line": is_query_line,
    "placeholder": has_placeholder,
    "footer": is_footer,
    "over 200 chars": is_over_200,
    "narrative": is_narrative,
    "fragment": is_fragment,
}


def junk_class(text: str, seen: set[str]) -> str | None:
    """The first junk class a proposal falls in (duplicates: a normalized text already proposed), or None."""
    for name, test in JUNK_CLASSES.items():
        if test(text):
            return name
    key = normalized(text)
    if key in seen:
        return "duplicate"
    seen.add(key)
    return None


# ---------------------------------------------------------------- junk people

LABELS = {"date", "with", "from", "to", "cc", "bcc", "subject", "sent", "attendees", "participants", "account",
          "owner", "unknown", "unknown speaker", "remote", "me", "myself", "you", "speaker", "host", "guest", "tbd",
          "none", "n/a", "team", "everyone", "all"}
SENDER_WORDS = re.compile(r"\b(?:ai companion|meeting summary|no-?reply|notifications?|calendar|google docs|"
                          r"linkedin|otter\.ai|zoom|teams|mailer|newsletter|digest|summit|support)\b", re.IGNORECASE)
COMPANY_SUFFIX = re.compile(r"\b(?:inc|llc|ltd|gmbh|corp|corporation|company|co|systems|labs|group|logistics|"
                            r"biotech|compute|robotics|events|technologies|data)\.?$", re.IGNORECASE)


def junk_person_reason(name: str, owner: str = "", organizations: frozenset[str] = frozenset()) -> str | None:
    """Why a person note's name is not a person (a label, placeholder, speaker slot, the owner, a sender, a company)."""
    plain = name.strip()
    low = plain.lower()
    if low in LABELS or re.fullmatch(r"speaker\s*\d+|speaker [a-z]", low):
        return "label"
    if has_placeholder(plain) or not re.search(r"[a-z]", low):
        return "placeholder"
    if owner and low == owner.lower():
        return "owner"
    if "(" in plain or " via " in low:
        return "display-name decoration"
    if SENDER_WORDS.search(plain):
        return "notification sender"
    if low in {o.lower() for o in organizations} or COMPANY_SUFFIX.search(plain):
        return "company"
    return None


# ---------------------------------------------------------------- building and reading the vault

class Note(NamedTuple):
    path: str
    meta: dict
    body: str

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or Path(self.path).stem)


def input_files(folder: Path) -> list[Path]:
    """The folder's files as inputs: hidden files, the corpus README.md and expected.json left out."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in NOT_INPUTS
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def config_text(owner: str) -> str:
    """A notesmith.toml naming the owner (first name as alias) and their microphone labels."""
    lines = ["[me]", f"name = {json.dumps(owner)}"]
    if " " in owner:
        lines.append(f"aliases = [{json.dumps(owner.split()[0])}]")
    lines += ["", "[speakers]"] + [f"{json.dumps(device)} = {json.dumps(owner)}" for device in OWNER_DEVICES]
    return "\n".join(lines) + "\n"


def notesmith(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "notesmith", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=1800, check=False)


def build_vault(inputs: list[Path], owner: str, vault: Path) -> dict:
    """Init a vault for the owner, copy the inputs into its Inbox, ingest them; the ingest --json report."""
    vault.mkdir(parents=True, exist_ok=True)
    init = notesmith("init", str(vault), "--json", cwd=vault)
    if init.returncode != 0:
        raise SystemExit(f"notesmith init failed: {init.stderr.strip()}")
    (vault / "notesmith.toml").write_text(config_text(owner), encoding="utf-8")
    for path in inputs:
        shutil.copyfile(path, vault / "Inbox" / path.name)
    run = notesmith("ingest", "--json", cwd=vault)
    if run.returncode not in (0, 1) or not run.stdout.strip():
        raise SystemExit(f"notesmith ingest failed ({run.returncode}): {run.stderr.strip()[-2000:]}")
    return json.loads(run.stdout)


def read_note(root: Path, path: Path) -> Note:
    text = path.read_text(encoding="utf-8", errors="replace")
    meta, body = {}, text
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        head, body = text[4:].split("\n---\n", 1)
        loaded = yaml.safe_load(head)
        meta = loaded if isinstance(loaded, dict) else {}
    return Note(path.relative_to(root).as_posix(), meta, body)


def written_notes(vault: Path) -> list[Note]:
    """Every note notesmith wrote: all markdown except the archived sources, the Inbox and .notesmith/."""
    skip = ("Sources/", "Inbox/", ".notesmith/", ".obsidian/")
    return [read_note(vault, p) for p in sorted(vault.rglob("*.md"))
            if not p.relative_to(vault).as_posix().startswith(skip)]


def task_description(line: str) -> str:
    """The words of a task line: fields, tags and the @owner removed."""
    text = TASK_FIELDS.sub("", line)
    return OWNER_MENTION.sub("", text).strip()


def tasks_of(note: Note) -> list[tuple[str, str]]:
    """(status character, description) of every task line in a note."""
    found = []
    for line in note.body.splitlines():
        match = TASK_LINE.match(line)
        if match:
            found.append((match.group(1), task_description(match.group(2))))
    return found


def note_inputs(note: Note, by_hash: dict[str, str], by_name: dict[str, str]) -> list[str]:
    """The input files a meeting note came from: its source hashes, else its source file names."""
    hashes = note.meta.get("source_hashes") or []
    found = [by_hash[h] for h in hashes if h in by_hash]
    if not found:
        found = [by_name[Path(str(s)).name] for s in note.meta.get("sources") or [] if Path(str(s)).name in by_name]
    return sorted(set(found))


# ---------------------------------------------------------------- same meeting

def shingles(text: str, size: int = 5) -> set[str]:
    words = _words(text)
    return {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}


def overlap(a: set[str], b: set[str]) -> float:
    """Containment of the smaller shingle set in the larger: a summary that embeds a transcript scores high."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def long_words(text: str) -> set[str]:
    return {w for w in _words(text) if len(w) >= 4}


def participants(note: Note) -> set[str]:
    return {str(p).strip("[]'\" ") for p in note.meta.get("participants") or []}


def same_meeting(a: tuple, b: tuple) -> bool:
    """(date, shingles, long words, participants) of two notes' sources: one text mostly inside the other; or the
    same day, half the participants shared and a shared vocabulary (Jaccard of words of 4+ letters: a summary and
    its transcript, or two summaries of one conversation, score 0.14-0.65 on the fixture corpus, two meetings of
    one day at most 0.21)."""
    if overlap(a[1], b[1]) >= SAME_MEETING_OVERLAP:
        return True
    if not a[0] or a[0] != b[0] or not a[3] or not b[3] or len(a[3] & b[3]) < 0.5 * min(len(a[3]), len(b[3])):
        return False
    union = a[2] | b[2]
    return bool(union) and len(a[2] & b[2]) / len(union) >= SAME_DAY_WORD_JACCARD


def meeting_groups_by_content(notes: list[Note], texts: dict[str, str]) -> list[set[str]]:
    """Meeting notes that are one meeting by the content of their sources (see same_meeting), grouped."""
    parent = {n.path: n.path for n in notes}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    keys = {n.path: (str(n.meta.get("date") or ""), shingles(texts[n.path]), long_words(texts[n.path]),
                     participants(n)) for n in notes}
    for i, a in enumerate(notes):
        for b in notes[i + 1:]:
            if same_meeting(keys[a.path], keys[b.path]):
                parent[find(a.path)] = find(b.path)
    groups = defaultdict(set)
    for n in notes:
        groups[find(n.path)].add(n.path)
    return list(groups.values())


def meeting_groups_by_key(notes: list[Note], keys: dict[str, set[str]]) -> list[set[str]]:
    """Meeting notes grouped by the expected meeting keys of their sources (a note may sit in two groups)."""
    groups = defaultdict(set)
    for n in notes:
        for key in keys.get(n.path) or {n.path}:
            groups[key].add(n.path)
    return list(groups.values())


def redundant_count(groups: list[set[str]]) -> int:
    """Notes beyond the first of each meeting, each note counted once."""
    redundant: set[str] = set()
    for group in groups:
        redundant |= set(sorted(group)[1:])
    return len(redundant)


# ---------------------------------------------------------------- scoring against expected.json

def task_score(a: str, b: str) -> float:
    """Fuzzy similarity of two task texts (0-100): token-set ratio, plain ratio for very short texts."""
    x, y = normalized(a), normalized(b)
    if min(len(x.split()), len(y.split())) < 3:
        return fuzz.ratio(x, y)
    return fuzz.token_set_ratio(x, y)


def gold_tasks(expected: dict, inputs: set[str]) -> dict[str, list[str]]:
    """Real tasks per meeting key, over the files that were inputs; a task restated by a second file counted once."""
    gold: dict[str, list[str]] = defaultdict(list)
    for name, entry in expected["files"].items():
        if name not in inputs:
            continue
        kept = gold[entry["meeting"]]
        kept += [t for t in entry["real_tasks"] if all(task_score(t, k) < 90 for k in kept)]
    return gold


def match_tasks(predicted: list[tuple[str, set[str]]], gold: dict[str, list[str]]) -> int:
    """One-to-one matches, best first, between predicted tasks (text, meeting keys) and the gold of those keys."""
    pairs = []
    for p, (text, keys) in enumerate(predicted):
        for key in keys:
            for g, real in enumerate(gold.get(key, [])):
                score = task_score(text, real)
                if score >= MATCH_THRESHOLD:
                    pairs.append((score, p, (key, g)))
    used_p, used_g = set(), set()
    for _, p, g in sorted(pairs, key=lambda item: -item[0]):
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
    return len(used_p)


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


# ---------------------------------------------------------------- the run

RECORDER_TITLE = re.compile(r"parallels transcription|recording\.transcript|^gmt\d{8}|^teams meeting|"
                            r"^\d{8} \d{4}|^(?:new )?recording\b|^audio \d", re.IGNORECASE)


def lossy_inputs(inputs: list[Path]) -> list[str]:
    """Inputs whose bytes are not UTF-8 (any reader must decode them lossily or by guess)."""
    bad = []
    for path in inputs:
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            bad.append(path.name)
    return bad


def reported_lossy(report: dict, names: list[str]) -> list[str]:
    """Those of `names` whose ingest report entry says something about their encoding."""
    said = set()
    for entry in report.get("sources", report.get("results", [])):
        text = json.dumps(entry.get("warnings", [])) + json.dumps(entry.get("decoding", ""))
        if entry.get("name") in names and re.search(r"utf-?8|decod|encod|windows-1252|latin", text, re.IGNORECASE):
            said.add(entry["name"])
    return sorted(said)


def measure(folder: Path, owner: str, expected: dict | None, vault: Path, today: dt.date) -> dict:
    inputs = input_files(folder)
    report = build_vault(inputs, owner, vault)
    by_hash = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in inputs}
    by_name = {p.name: p.name for p in inputs}
    notes = written_notes(vault)
    meetings = [n for n in notes if n.meta.get("type") == "meeting"]
    sources = {n.path: note_inputs(n, by_hash, by_name) for n in meetings}
    result = {"folder": str(folder), "owner": owner, "inputs": len(inputs), "ingest": report.get("totals", {})}
    result.update(meeting_counts(meetings, sources, expected, folder))
    result.update(proposal_counts(meetings, sources))
    result.update(people_counts(notes, meetings, sources, owner, expected))
    result.update(written_note_counts(notes, vault))
    result.update(honesty_counts(meetings, inputs, report, today))
    if expected:
        result.update(task_counts(meetings, sources, expected, {p.name for p in inputs}))
    return result


def meeting_counts(meetings: list[Note], sources: dict[str, list[str]], expected: dict | None, folder: Path) -> dict:
    if expected:
        files = expected["files"]
        keys = {n.path: {files[s]["meeting"] for s in sources[n.path] if s in files} for n in meetings}
        groups = meeting_groups_by_key(meetings, keys)
        over_merged = sorted(n.path for n in meetings if len(keys[n.path]) > 1)
        basis = "expected.json meeting keys"
    else:
        texts = {n.path: " ".join((folder / s).read_text(encoding="utf-8", errors="replace")
                                  for s in sources[n.path]) or n.body for n in meetings}
        groups = meeting_groups_by_content(meetings, texts)
        over_merged = []
        basis = (f"source overlap: 5-word shingles ≥ {SAME_MEETING_OVERLAP}, or same date, half the "
                 f"participants and words ≥ {SAME_DAY_WORD_JACCARD}")
    redundant = redundant_count(groups)
    return {"meeting notes": len(meetings), "redundant meeting notes": redundant,
            "redundant %": round(100 * ratio(redundant, len(meetings)), 1), "redundant by": basis,
            "redundant groups": sorted(sorted(g) for g in groups if len(g) > 1),
            "notes merging two meetings": over_merged}


def proposal_counts(meetings: list[Note], sources: dict[str, list[str]]) -> dict:
    seen: set[str] = set()
    by_class: dict[str, int] = {name: 0 for name in [*JUNK_CLASSES, "duplicate"]}
    junk, proposals = [], 0
    for note in meetings:
        for status, text in tasks_of(note):
            if status != "?":
                continue
            proposals += 1
            cls = junk_class(text, seen)
            if cls:
                by_class[cls] += 1
                junk.append({"class": cls, "text": text, "note": note.path, "inputs": sources[note.path]})
    total = sum(by_class.values())
    return {"proposals": proposals, "junk proposals": total, "junk %": round(100 * ratio(total, proposals), 1),
            "junk by class": by_class, "junk list": junk}


def people_counts(notes: list[Note], meetings: list[Note], sources: dict[str, list[str]], owner: str,
                  expected: dict | None) -> dict:
    # the owner's own note (tagged `me`) is theirs to keep; a second note of the owner is junk
    people = [n for n in notes if n.meta.get("type") == "person" and "me" not in (n.meta.get("tags") or [])]
    orgs = frozenset({n.title for n in notes if n.meta.get("type") == "organization"}
                     | set((expected or {}).get("organizations", [])))
    junk = []
    for person in people:
        reason = junk_person_reason(person.title, owner, orgs)
        if reason:
            seen_in = sorted({s for m in meetings if f"[[{person.title}" in m.body + json.dumps(m.meta, default=str, ensure_ascii=False)
                              for s in sources[m.path]})
            junk.append({"name": person.title, "reason": reason, "inputs": seen_in})
    result = {"person notes": len(people), "junk person notes": len(junk), "junk people": junk}
    if expected:
        result.update(gold_people_counts([p.title for p in people], expected))
    return result


def gold_people_counts(names: list[str], expected: dict) -> dict:
    """Person notes that are genuine people, and genuine people split over several notes (ASR spellings)."""
    canonical = {p: p for entry in expected["files"].values() for p in entry["people"]}
    for person, aliases in expected.get("aliases", {}).items():
        canonical.update({a: person for a in aliases} | {person: person})
    notes_of = defaultdict(list)
    for name in names:
        if name in canonical:
            notes_of[canonical[name]].append(name)
    split = {person: found for person, found in notes_of.items() if len(found) > 1}
    return {"genuine person notes": sum(len(v) for v in notes_of.values()),
            "genuine people": len({p for p in canonical.values()}), "people split over notes": split}


def written_note_counts(notes: list[Note], vault: Path) -> dict:
    names = {p.stem for p in vault.rglob("*.md") if ".notesmith" not in p.parts}
    placeholders, broken = [], []
    for note in notes:
        text = json.dumps(note.meta, ensure_ascii=False, default=str) + "\n" + note.body
        placeholders += [f"{note.path}: {m.group(0)}" for m in PLACEHOLDER.finditer(text)]
        broken += [f"{note.path} → [[{t}]]" for t in WIKILINK.findall(text) if Path(t).name not in names]
    return {"placeholders": len(placeholders), "broken links": len(broken), "placeholder list": placeholders,
            "broken link list": broken}


def honesty_counts(meetings: list[Note], inputs: list[Path], report: dict, today: dt.date) -> dict:
    recorder = [n.title for n in meetings if RECORDER_TITLE.search(n.title)]
    undated = [n for n in meetings if not n.meta.get("date")]
    today_created = sum(f"➕ {today.isoformat()}" in line for n in undated for line in n.body.splitlines())
    long_summary = [n.path for n in meetings if len(_section(n.body, "Summary")) > 1000]
    lossy = lossy_inputs(inputs)
    return {"titles from recorder file names": len(recorder), "recorder titles": recorder,
            "undated meeting notes": len(undated), "tasks created today in undated notes": today_created,
            "summaries over 1,000 chars": len(long_summary), "non-UTF-8 inputs": len(lossy),
            "non-UTF-8 inputs reported by ingest": len(reported_lossy(report, lossy)),
            "failed inputs": sum(1 for e in report.get("sources", []) if e.get("status") == "failed")}


def _section(body: str, name: str) -> str:
    match = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", body, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def task_counts(meetings: list[Note], sources: dict[str, list[str]], expected: dict, inputs: set[str]) -> dict:
    gold = gold_tasks(expected, inputs)
    files = expected["files"]
    predicted = [(text, {files[s]["meeting"] for s in sources[n.path] if s in files})
                 for n in meetings for _, text in tasks_of(n)]
    matched = match_tasks(predicted, gold)
    n_gold = sum(len(v) for v in gold.values())
    precision, recall = ratio(matched, len(predicted)), ratio(matched, n_gold)
    f1 = round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0
    return {"tasks (any status)": len(predicted), "real tasks": n_gold, "tasks matched": matched,
            "task precision": precision, "task recall": recall, "task F1": f1}


# ---------------------------------------------------------------- output

TABLE_ROWS = ["inputs", "failed inputs", "meeting notes", "redundant meeting notes", "redundant %", "proposals",
              "junk proposals", "junk %", "person notes", "junk person notes", "genuine person notes",
              "placeholders", "broken links", "titles from recorder file names", "undated meeting notes",
              "tasks created today in undated notes", "summaries over 1,000 chars", "non-UTF-8 inputs",
              "non-UTF-8 inputs reported by ingest", "tasks (any status)", "real tasks", "tasks matched",
              "task precision", "task recall", "task F1"]


def worst_first(junk: list[dict]) -> list[dict]:
    """Junk proposals taking each class in turn, the longest of a class first, so every class is shown."""
    by_class = defaultdict(list)
    for item in sorted(junk, key=lambda j: -len(j["text"])):
        by_class[item["class"]].append(item)
    queues = [by_class[c] for c in [*JUNK_CLASSES, "duplicate"] if by_class[c]]
    ordered = []
    while any(queues):
        ordered += [q.pop(0) for q in queues if q]
    return ordered


def _inputs(item: dict, most: int = 4) -> str:
    names = item["inputs"] or [item.get("note", "?")]
    more = f" (+{len(names) - most} more)" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def print_table(result: dict, show: int) -> None:
    print(f"| {result['folder']} (owner {result['owner']}) | |")
    print("|---|---|")
    for row in TABLE_ROWS:
        if row in result:
            print(f"| {row} | {result[row]} |")
        if row == "junk %":
            for cls, n in result["junk by class"].items():
                print(f"| · {cls} | {n} |")
    print(f"\nredundant by {result['redundant by']}: {result['redundant groups']}")
    if result["notes merging two meetings"]:
        print(f"notes merging two meetings: {result['notes merging two meetings']}")
    if result.get("people split over notes"):
        print(f"people split over notes: {result['people split over notes']}")
    print(f"\njunk proposals ({min(show, len(result['junk list']))} of {len(result['junk list'])}, classes in turn):")
    for item in worst_first(result["junk list"])[:show]:
        print(f"- [{item['class']}] {item['text'][:300]!r} ← {_inputs(item)}")
    print("\njunk person notes:")
    for item in result["junk people"]:
        print(f"- {item['name']!r} ({item['reason']}) ← {_inputs(item)}")
    for row in ("placeholder list", "broken link list"):
        if result[row]:
            print(f"\n{row} ({len(result[row])}):")
            print("\n".join(f"- {x}" for x in result[row][:show]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--owner", default="Jordan Avery", help="the vault owner's full name ([me] name)")
    parser.add_argument("--expected", type=Path, help="gold per file (default: FOLDER/expected.json when present)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=15, help="junk proposals and placeholders to list")
    parser.add_argument("--keep", type=Path, help="build the vault here (kept) instead of a temporary folder")
    args = parser.parse_args()
    expected_path = args.expected or args.folder / "expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8")) if expected_path.is_file() else None
    with tempfile.TemporaryDirectory(prefix="real-archive-") as tmp:
        vault = args.keep or Path(tmp) / "vault"
        result = measure(args.folder, args.owner, expected, vault, dt.date.today())
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result, args.show)


if __name__ == "__main__":
    main()
