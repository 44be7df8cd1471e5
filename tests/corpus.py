"""A made-up corpus for convergence tests: meetings among ten people, each written twice — a transcript and a summary.

The summary restates half of the meeting's facts in other words (the other half verbatim), lists the decisions
and the action items; some dates hold two different meetings of overlapping people, which must stay apart.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

PEOPLE = ["Robin Hale", "Mei Chen", "Nadia Petrov", "Tomás Ortega", "Grace Adeyemi", "Victor Lindqvist", "Ines Moreau",
          "Jonas Eklund", "Kaia Novak", "Lior Barros"]
PROJECTS = ["Kestrel", "Halcyon", "Falcon", "Heron", "Lynx", "Orca", "Wren", "Tern"]
ORGS = ["Quarry Labs", "Cobalt Systems", "Juniper Logistics", "Meridian Analytics", "Granite Holdings"]
# (said in the meeting, the summary's words for the same fact)
FACTS = [
    ("The {p} budget was approved at ${n}K.", "{p}'s budget got approved at ${n}K."),
    ("{p} is planned to go live on {d}.", "{p} is scheduled to go live on {d}."),
    ("The {p} team has {k} engineers right now.", "There are {k} engineers on the {p} team at the moment."),
    ("{o} signed a {k}-year support contract for {p}.", "For {p}, {o} has signed a {k}-year support contract."),
    ("Restores on {p} currently take {k} hours.", "A full restore on {p} currently takes {k} hours."),
    ("{o} processed {n},000 records on {p} last week.", "Last week {o} processed {n},000 records on {p}."),
    ("The {p} pilot covers {k} warehouses in the north region.", "The north-region {p} pilot covers {k} warehouses."),
    ("{p} support tickets doubled after the {k}.{j} release.", "After the {k}.{j} release {p} support tickets doubled."),
    ("The {t} for {p} costs ${n}K in total.", "In total the {p} {t} costs ${n}K."),
    ("{p} needs {k} more servers for the {t}.", "For the {t}, {p} needs {k} more servers."),
    ("The {w} team will own {p} from {d}.", "From {d} the {w} team will own {p}."),
    ("{p} error rates fell to {k}.{j}% after the {t}.", "After the {t}, {p} error rates fell to {k}.{j}%."),
    ("{o} asked for a {n}-page report on the {p} {t}.", "A {n}-page report on the {p} {t} was requested by {o}."),
    ("The {p} {t} slipped by {k} weeks to {d}.", "By {k} weeks, to {d}, the {p} {t} slipped."),
    ("{p} stores {n} terabytes of customer data today.", "Today {p} stores {n} terabytes of customer data."),
    ("The {p} contract with {o} renews on {d}.", "On {d} the {p} contract with {o} renews."),
]
DECISIONS = [("We decided to freeze {p} schema changes until the {t} is done.", "Freeze {p} schema changes until the {t} is done."),
             ("We decided to keep {o} on the {p} shortlist for the {t}.", "Keep {o} on the {p} shortlist for the {t}."),
             ("We decided to move the {t} for {p} to the {w} team.", "Move the {t} for {p} to the {w} team."),
             ("We decided that {o} pays for the {t} on {p}.", "{o} pays for the {t} on {p}.")]
TOPICS = ["restore drill", "security audit", "load test", "data migration", "vendor review", "pricing change",
          "SSO rollout", "backup rotation", "capacity plan", "support handover", "billing export", "API upgrade"]
TEAMS = ["platform", "data", "support", "finance", "security", "infrastructure"]
TASKS = ["send the {p} import scripts to {o}", "review the {p} restore runbook", "draft the {p} rollout plan"]


@dataclass
class Meeting:
    date: dt.date
    title: str
    people: list[str]
    facts: list[tuple[str, str]] = field(default_factory=list)
    decisions: list[tuple[str, str]] = field(default_factory=list)
    tasks: list[tuple[str, str]] = field(default_factory=list)  # (owner, task)


def make_meetings(count: int = 50, seed: int = 7) -> list[Meeting]:
    rng = random.Random(seed)
    meetings, start = [], dt.date(2026, 3, 2)
    for i in range(count):
        date = start + dt.timedelta(days=i // 2 * 2)  # two meetings on every other day
        project, org = PROJECTS[i % len(PROJECTS)], rng.choice(ORGS)
        people = ["Robin Hale", *rng.sample(PEOPLE[1:], 2)]
        values = {"p": project, "o": org, "n": rng.randint(12, 950), "k": rng.randint(2, 9), "j": rng.randint(1, 9),
                  "t": rng.choice(TOPICS), "w": rng.choice(TEAMS),
                  "d": (date + dt.timedelta(days=rng.randint(20, 90))).isoformat()}
        meeting = Meeting(date, f"{project} review {i + 1}", people)
        for said, summary in rng.sample(FACTS, 4):
            values.update(n=rng.randint(12, 950), k=rng.randint(2, 9), t=rng.choice(TOPICS), w=rng.choice(TEAMS))
            meeting.facts.append((said.format(**values), summary.format(**values)))
        meeting.decisions.append(tuple(t.format(**values) for t in rng.choice(DECISIONS)))
        meeting.tasks.append((people[1], rng.choice(TASKS).format(**values)))
        meetings.append(meeting)
    return meetings


def transcript(meeting: Meeting) -> str:
    """A Zoom-style WebVTT file: speakers take turns stating the meeting's facts, decision and commitment."""
    host, guest, other = meeting.people
    lines = [f"Thanks for joining the {meeting.title}.", *(said for said, _ in meeting.facts),
             meeting.decisions[0][0], f"I'll {meeting.tasks[0][1]} by Friday.", "Great, talk soon."]
    speakers = [host, guest, other, host, guest, other, host, guest, other][: len(lines) - 2] + [guest, host]
    cues = ["WEBVTT", ""]
    for n, (speaker, text) in enumerate(zip(speakers, lines, strict=True)):
        cues += [str(n + 1), f"00:{n:02d}:00.000 --> 00:{n:02d}:09.000", f"{speaker}: {text}", ""]
    return "\n".join(cues)


def summary(meeting: Meeting, restate: bool) -> str:
    """The meeting's summary note: facts restated (every other one) or copied, decisions and tasks listed."""
    facts = [summary_words if restate and i % 2 == 0 else said for i, (said, summary_words) in enumerate(meeting.facts)]
    owner, task = meeting.tasks[0]
    friday = meeting.date + dt.timedelta(days=(4 - meeting.date.weekday()) % 7 or 7)
    return "\n".join([
        "---", f"title: {meeting.title}", f"date: {meeting.date.isoformat()}",
        f"participants: [{', '.join(meeting.people)}]", "---", f"# {meeting.title}", "", "## Summary",
        f"{meeting.people[1]} and {meeting.people[2]} met with Robin about {meeting.title.split()[0]}.", "",
        "## Decisions", f"- {meeting.decisions[0][1]}", "", "## Action items",
        f"- [ ] {task[0].upper()}{task[1:]} @{owner} 📅 {friday.isoformat()}", "", "## Key facts",
        *(f"- {fact}" for fact in facts), ""])


def write_corpus(inbox: Path, meetings: list[Meeting]) -> None:
    for i, meeting in enumerate(meetings):
        stem = f"{meeting.date.isoformat()} {meeting.title}"
        (inbox / f"{stem}.vtt").write_text(transcript(meeting), encoding="utf-8")
        (inbox / f"{stem} summary.md").write_text(summary(meeting, restate=i % 2 == 0), encoding="utf-8")
