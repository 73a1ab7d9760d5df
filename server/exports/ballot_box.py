"""The sealed answers of export.json: the anonymous answers to a poll or questionnaire still open
(domain/anonymous.py `split_open_answers`), encrypted for this server.

AES-256-GCM with a key made from the workshop's ballot key (itself from the server's secret, never
stored or exported), the origin as associated data, a fresh nonce each time. The plain text is padded
to a power of two (at least 1 KiB), so the box's size tells nothing about one more answer or how long
its words were. Staff hold the box but cannot open it; a restore on this server can (the export's
sealed origin vouches for the key), anywhere else it cannot, and those polls start again from none.
"""
import base64
import hashlib
import hmac
import os

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MIN_PADDED = 1024


def _key(ballot_key: bytes) -> bytes:
    return hmac.new(ballot_key, b"coboard-sealed-answers", hashlib.sha256).digest()


def seal(ballot_key: bytes, origin: str, records: list[dict]) -> dict:
    text = orjson.dumps(records)
    size = MIN_PADDED
    while size < len(text):
        size *= 2
    nonce = os.urandom(12)
    data = AESGCM(_key(ballot_key)).encrypt(nonce, text + b" " * (size - len(text)), origin.encode())
    return {"nonce": base64.b64encode(nonce).decode(), "data": base64.b64encode(data).decode()}


def unseal(ballot_key: bytes, origin: str, box) -> list[dict] | None:
    """The sealed records, or None when the box is not one this key and origin can open."""
    try:
        nonce, data = base64.b64decode(box["nonce"], validate=True), base64.b64decode(box["data"], validate=True)
        records = orjson.loads(AESGCM(_key(ballot_key)).decrypt(nonce, data, origin.encode()))
    except (InvalidTag, KeyError, TypeError, ValueError, orjson.JSONDecodeError):
        return None
    return records if isinstance(records, list) and all(isinstance(r, dict) for r in records) else None
