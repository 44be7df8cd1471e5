"""`notesmith doctor` finds each defect class in a seeded vault, nothing in a clean one, and fixes only what is safe."""

from __future__ import annotations

import json

from test_cli import notesmith
from vaults import tree_hashes

MEETING = """---
type: meeting
title: Falcon kickoff
date: 2026-05-04
participants:
- '[[Ines Moreau]]'
sources:
- Sources/2026/falcon-kickoff.txt
---
# Falcon kickoff

## Decisions
- Falcon ships in June.

## Action Items
- [?] Send the plan. @[[Ines Moreau]] 🆔 a1b2c3 ➕ 2026-05-04 📅 2026-05-08 #task #proposed
"""
PERSON = """---
type: person
title: Ines Moreau
aliases:
- Ines
---
# Ines Moreau

## Key Facts
- Ines leads the Falcon rollout. ([[2026-05-04 - Falcon kickoff|2026-05-04]])

## Recent Context
- 2026-05-04 · [[2026-05-04 - Falcon kickoff|Falcon kickoff]]
"""
SEEDED = {
    "duplicate-meeting": ("Meetings/2026/2026-05-04 - Falcon kickoff (2).md", MEETING),
    "near-duplicate-bullet": ("Projects/Project Falcon.md",
                              "---\ntype: project\ntitle: Project Falcon\n---\n# Project Falcon\n\n## Key Facts\n"
                              "- The budget is $2M for the year. ([[2026-05-04 - Falcon kickoff|2026-05-04]])\n"
                              "- The budget is $200K for the year. ([[2026-05-04 - Falcon kickoff|2026-05-04]])\n"
                              "- Falcon has a budget of $2M for the year. ([[2026-05-04 - Falcon kickoff|2026-05-04]])\n"),
    "broken-link": ("Meetings/2026/2026-05-06 - Heron sync.md",
                    "---\ntype: meeting\ntitle: Heron sync\ndate: 2026-05-06\n---\n# Heron sync\n\n"
                    "Spoke with [[Nobody Known]] about Heron.\n"),
    "placeholder": ("Organizations/Amberly Labs.md",
                    "---\ntype: organization\ntitle: Amberly Labs\n---\n# Amberly Labs\n\n## Overview\n\n"
                    "_Brief description of this customer, their business..._\n\n| Industry | _Unknown_ |\n"),
    "invalid-frontmatter": ("People/Broken Yaml.md", "---\ntitle: [unclosed\ntype: person\n---\n# Broken\n"),
    "unsafe-file-name": ("People/Dario #2.md", "---\ntype: person\ntitle: Dario\n---\n# Dario\n"),
    "absolute-source-path": ("Meetings/2026/2026-05-07 - Wren review.md",
                             "---\ntype: meeting\ntitle: Wren review\ndate: 2026-05-07\nsources:\n"
                             "- /home/someone/Inbox/wren.txt\n---\n# Wren review\n"),
    "unreadable-task": ("Meetings/2026/2026-05-08 - Tern planning.md",
                        "---\ntype: meeting\ntitle: Tern planning\ndate: 2026-05-08\n---\n# Tern planning\n\n"
                        "## Action Items\n- [ ] Book the room 📅 2026-05-12 for the offsite #task\n"
                        "- [ ] Order badges 📅 2026-02-30 #task\n"),
    "needs-review": ("People/Quinn Sato.md", "---\ntype: person\ntitle: Quinn Sato\nreview: needed\n---\n# Quinn Sato\n"),
}


def clean_vault(root):
    assert notesmith("init", str(root)).returncode == 0
    (root / "Sources/2026").mkdir(parents=True)
    (root / "Sources/2026/falcon-kickoff.txt").write_text("Ines: Falcon ships in June.\n", encoding="utf-8")
    (root / "Meetings/2026").mkdir(parents=True)
    (root / "Meetings/2026/2026-05-04 - Falcon kickoff.md").write_text(MEETING, encoding="utf-8")
    (root / "People/Ines Moreau.md").write_text(PERSON, encoding="utf-8")
    return root


def doctor(root, *args):
    result = notesmith("doctor", "--vault", str(root), "--json", *args)
    return result.returncode, json.loads(result.stdout)


def test_a_clean_vault_has_no_findings(tmp_path):
    root = clean_vault(tmp_path / "vault")
    code, report = doctor(root)
    assert (code, report["findings"]) == (0, [])
    assert "No problems found" in notesmith("doctor", "--vault", str(root)).stdout


def test_each_seeded_defect_is_found_in_its_note(tmp_path):
    root = clean_vault(tmp_path / "vault")
    for path, text in SEEDED.values():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    code, report = doctor(root)
    assert code == 1
    found = {(f["check"], f["path"]) for f in report["findings"]}
    found |= {(f["check"], f["message"].split(" as ")[1].split("? ")[0]) for f in report["findings"]
              if f["check"] == "duplicate-meeting"}  # either note of a duplicate pair may carry the finding
    for check, (path, _) in SEEDED.items():
        assert (check, path) in found, f"{check} not found in {path}"
    assert {check for check, _ in found} == set(SEEDED)
    bullets = [f["message"] for f in report["findings"] if f["check"] == "near-duplicate-bullet"]
    assert len(bullets) == 1 and "$200K" not in bullets[0], "numbers must agree for bullets to be the same"
    tasks = sorted(f["message"] for f in report["findings"] if f["check"] == "unreadable-task")
    assert len(tasks) == 2 and "not a valid date" in tasks[0] and "followed by text" in tasks[1]


def test_an_impossible_date_in_frontmatter_is_a_finding_not_a_crash(tmp_path):
    root = clean_vault(tmp_path / "vault")
    (root / "People/Odd Date.md").write_text("---\ntype: person\ntitle: Odd Date\nlast_contact: 2026-13-45\n---\n"
                                             "# Odd Date\n\n- [ ] Call Odd about the date 📅 2026-05-20\n",
                                             encoding="utf-8")
    code, report = doctor(root)
    assert code == 1 and [(f["check"], f["path"]) for f in report["findings"]] == [
        ("invalid-frontmatter", "People/Odd Date.md")]
    tasks = json.loads(notesmith("tasks", "--vault", str(root), "--json").stdout)
    assert ("Call Odd about the date", "2026-05-20") in [(t["text"], t["due"]) for t in tasks]


def test_fix_repairs_only_safe_things_and_undo_restores_them(tmp_path):
    root = clean_vault(tmp_path / "vault")
    inside = root / "Sources/2026/falcon-kickoff.txt"
    note = root / "Meetings/2026/2026-05-04 - Falcon kickoff.md"
    note.write_text(MEETING.replace("- Sources/2026/falcon-kickoff.txt", f"- {inside}"), encoding="utf-8")
    person = root / "People/Ines Moreau.md"
    repeated = "- Ines leads the Falcon rollout. ([[2026-05-05 - Falcon follow-up|2026-05-05]])\n"
    mine = "- Ines leads the Falcon rollout.\n"
    person.write_text(PERSON.replace("\n## Recent Context", repeated + mine + "\n## Recent Context"), encoding="utf-8")
    before = tree_hashes(root)
    code, report = doctor(root, "--fix")
    assert sorted(report["fixed"]) == ["Meetings/2026/2026-05-04 - Falcon kickoff.md", "People/Ines Moreau.md"]
    assert "- Sources/2026/falcon-kickoff.txt\n" in note.read_text(encoding="utf-8")
    facts = person.read_text(encoding="utf-8").split("## Key Facts\n")[1].split("\n\n")[0].split("\n")
    assert facts == ["- Ines leads the Falcon rollout. ([[2026-05-04 - Falcon kickoff|2026-05-04]], "
                     "[[2026-05-05 - Falcon follow-up|2026-05-05]])", mine.strip()], "the person's own line stays"
    assert {f["check"] for f in report["findings"]} <= {"broken-link", "near-duplicate-bullet"}
    assert not any(f["fixable"] for f in report["findings"])
    assert notesmith("undo", "--vault", str(root)).returncode == 0
    assert tree_hashes(root, skip=(".notesmith/",)) == {k: v for k, v in before.items() if not k.startswith(".notesmith/")}
