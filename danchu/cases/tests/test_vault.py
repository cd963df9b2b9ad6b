"""The identity vault's key (issue #8, #9): a key that is not a Fernet key is refused at start-up, the
public development key is refused with DEBUG off, and `rotate_vault_key` re-seals every identity under
a new key while the old one still opens them (no downtime)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from danchu.cases import vault
from danchu.cases.models import Case, IdentityVault
from danchu.core.models import AuditEntry

from .conftest import denunciation_in


@pytest.mark.parametrize("key", ["", "danchu-dev-secret", "c2hvcnQ=", "not base64 at all!"])
def test_a_key_that_is_not_a_fernet_key_is_refused(key: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        vault.check_keys(key, debug=True)


def test_the_development_key_is_refused_when_debug_is_off() -> None:
    vault.check_keys(vault.DEVELOPMENT_KEY, debug=True)
    with pytest.raises(ImproperlyConfigured, match="development key"):
        vault.check_keys(vault.DEVELOPMENT_KEY, debug=False)
    with pytest.raises(ImproperlyConfigured):  # also as an old key kept for a rotation
        vault.check_keys(Fernet.generate_key().decode() + "," + vault.DEVELOPMENT_KEY, debug=False)
    vault.check_keys(Fernet.generate_key().decode(), debug=False)


def test_the_app_refuses_to_start_on_a_bad_key(settings: Any, monkeypatch: Any) -> None:
    from django.apps import apps

    from danchu.core.modules import ModuleConfig

    monkeypatch.setattr(ModuleConfig, "ready", lambda self: None)  # registrations already ran
    config = apps.get_app_config("cases")
    settings.FIELD_ENCRYPTION_KEY = "hunter2"
    with pytest.raises(ImproperlyConfigured):
        config.ready()
    settings.FIELD_ENCRYPTION_KEY, settings.DEBUG = vault.DEVELOPMENT_KEY, False
    with pytest.raises(ImproperlyConfigured):
        config.ready()


def test_rotation_reseals_every_identity_and_the_old_key_reads_meanwhile(
    settings: Any, citizen: Any, village: Any
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old
    cases = [denunciation_in(village, citizen) for _ in range(3)]
    before = {c.pk: c.vault.ciphertext for c in cases}
    keys = {c.pk: c.receipt_key for c in cases}  # each case's receipt key is sealed with the same key
    # Step 2: the new key first, the old one still there: the server reads everything.
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    assert all(vault.unseal(t)["user_id"] == citizen.pk for t in before.values())
    out = StringIO()
    call_command("rotate_vault_key", stdout=out)
    assert "re-sealed: 3" in out.getvalue() and "receipt keys re-sealed: 3" in out.getvalue()
    after = dict(IdentityVault.objects.values_list("case_id", "ciphertext"))
    assert all(after[pk] != before[pk] for pk in before)
    # Step 4: the old key is gone; every identity still opens with the new key alone.
    settings.FIELD_ENCRYPTION_KEY = new
    assert all(vault.unseal(t)["user_id"] == citizen.pk for t in after.values())
    assert {c.pk: c.receipt_key for c in Case.objects.filter(pk__in=keys)} == keys
    settings.FIELD_ENCRYPTION_KEY = old
    assert all(vault.unseal(t) == {} for t in after.values())
    assert AuditEntry.objects.filter(action="cases.vault_rotate").exists()
    # Idempotent: a second run has nothing to do.
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    out = StringIO()
    call_command("rotate_vault_key", stdout=out)
    assert "re-sealed: 0" in out.getvalue()


def test_rotation_stops_on_an_identity_no_key_opens(settings: Any, citizen: Any, village: Any) -> None:
    lost = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = lost
    denunciation_in(village, citizen)
    settings.FIELD_ENCRYPTION_KEY = ",".join(Fernet.generate_key().decode() for _ in range(2))
    with pytest.raises(CommandError, match="none of the configured keys"):
        call_command("rotate_vault_key", stdout=StringIO())


def test_generate_prints_a_valid_key() -> None:
    out = StringIO()
    call_command("rotate_vault_key", "--generate", stdout=out)
    vault.check_keys(out.getvalue().strip(), debug=False)
