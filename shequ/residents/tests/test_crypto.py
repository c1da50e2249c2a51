import base64
import os
from io import StringIO

import pytest
from django.core.management import call_command

from shequ.core import crypto
from shequ.residents.models import Resident

pytestmark = pytest.mark.django_db


def test_round_trip_and_no_plaintext_at_rest():
    token = crypto.encrypt("22010219800101123X")
    assert "22010219800101123X" not in token
    assert crypto.decrypt(token) == "22010219800101123X"
    assert crypto.encrypt("x") != crypto.encrypt("x")  # a fresh nonce each time
    assert crypto.keyed_hash("a") == crypto.keyed_hash("a") != crypto.keyed_hash("b")


def test_tampering_is_detected():
    token = crypto.encrypt("13800000000")
    raw = bytearray(base64.b64decode(token.split(":", 2)[2]))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token.rsplit(":", 1)[0] + ":" + base64.b64encode(bytes(raw)).decode())


def test_stored_residents_hold_no_plain_identifiers():
    resident = Resident.objects.exclude(id_number_cipher="").first()
    plain = crypto.decrypt(resident.id_number_cipher)
    assert plain not in resident.id_number_cipher
    assert resident.id_number_masked != plain and resident.id_number_masked[-4:] == plain[-4:]


def test_rotation_reencrypts_with_the_new_key_and_old_values_still_read(settings):
    old = Resident.objects.exclude(id_number_cipher="").first()
    plain = crypto.decrypt(old.id_number_cipher)
    old_key = base64.b64encode(crypto.key_ring()[0][1]).decode()
    new_key = base64.b64encode(os.urandom(32)).decode()
    settings.SHEQU_FIELD_KEYS = f"k2:{new_key},dev:{old_key}"
    assert crypto.decrypt(old.id_number_cipher) == plain  # the old key still reads
    out = StringIO()
    call_command("rotate_field_key", stdout=out)
    assert "now use key 'k2'" in out.getvalue()
    old.refresh_from_db()
    assert crypto.key_id_of(old.id_number_cipher) == "k2"
    settings.SHEQU_FIELD_KEYS = f"k2:{new_key}"
    assert crypto.decrypt(old.id_number_cipher) == plain
    assert (
        not Resident.objects.exclude(id_number_cipher="")
        .exclude(id_number_cipher__startswith="v1:k2:")
        .exists()
    )
