"""The organization and contact a meeting's title names: only "with <Organization> (<Full Name>)"."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notesmith.sources.title_contact import TitleContact, contact_in_title


@pytest.mark.parametrize(("title", "expected"), [
    ("Call with Fabrikam (Lena Vogel)", TitleContact("Fabrikam", "Lena Vogel")),
    ("2026-03-10 Call with Quarry Labs (Nadia Petrov)", TitleContact("Quarry Labs", "Nadia Petrov")),
    ("Intro call with Ábaco (Ñuño Pérez)", TitleContact("Ábaco", "Ñuño Pérez")),
    ("Sync with Acme (Mary O'Neil-Smith) — pricing", TitleContact("Acme", "Mary O'Neil-Smith")),
    ("Sync with Legal (Q3 Plan)", None),  # a topic in the parentheses, not a person
    ("Meeting with Tomás Ortega (Quarry Labs)", None),  # the other order: the organization is in the parentheses
    ("Call with Fabrikam (Lena)", None),  # a first name alone may be anyone's
    ("Call with Contoso", None),
    ("Kestrel weekly sync", None),
])
def test_only_an_organization_then_a_full_name_in_parentheses(title, expected):
    assert contact_in_title(title) == expected


@given(st.text(max_size=120))
def test_any_title_reads_without_error_and_a_found_contact_is_in_it(title):
    contact = contact_in_title(title)
    assert contact is None or (f"({contact.person})" in title and contact.organization in title)
