"""One meaning of "character" (C1): Unicode code points after NFC, on the server as in the browser and CLI."""
import unicodedata

import pytest

from server.domain.errors import Rejected
from server.domain.texts import card_text
from server.protocol.limits import CARD_TEXT, char_count

DECOMPOSED_E = "e\u0301"  # e + combining acute: one character once composed
WELSH = "Mae'r bws yn hwyr ŵyr ŷd"


@pytest.mark.parametrize("text,count", [
    ("é", 1), (DECOMPOSED_E, 1), ("ŵ", 1), ("w\u0302", 1), ("ŷ", 1), ("y\u0302", 1),
    ("🙂", 1), ("👍🏽", 2), ("👩‍👩‍👧", 5), (WELSH, len(WELSH)),
])
def test_C1_characters_are_code_points_after_nfc(text, count):
    assert char_count(text) == count


def test_C1_170_decomposed_accents_fit_on_a_card_and_171_do_not():
    assert card_text(DECOMPOSED_E * CARD_TEXT) == unicodedata.normalize("NFC", DECOMPOSED_E * CARD_TEXT)
    with pytest.raises(Rejected) as caught:
        card_text(DECOMPOSED_E * (CARD_TEXT + 1))
    assert caught.value.code == "too_long" and "171" in caught.value.message


def test_C1_emoji_count_as_their_code_points_welsh_circumflexes_as_one():
    card_text("🙂" * CARD_TEXT)
    with pytest.raises(Rejected):
        card_text("🙂" * (CARD_TEXT + 1))
    card_text("ŵ" * 85 + "w\u0302" * 85)  # typed either way, ŵ is one character
    with pytest.raises(Rejected):
        card_text("ŷ" * 171)
