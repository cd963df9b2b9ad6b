from __future__ import annotations

import pytest

from danchu.accounts.permissions import can
from danchu.cases import services

ROLES = [
    "citizen",
    "village_head",
    "officer",
    "chairman",
    "front_officer",
    "steering_member",
    "outsider",
    "admin_user",
]
EXPECTED = {
    # role: (read_case, handle_case, sign_reply, reveal_identity as non-handler)
    "citizen": (False, False, False, False),
    "village_head": (False, False, False, False),
    # Only the chairman (or a delegate in force) signs (issue #16 item 5): officers draft.
    "officer": (True, True, False, False),
    "chairman": (True, True, True, False),
    "front_officer": (True, False, False, False),
    # Need-to-know (issue #9): a steering member sees nothing of cases (was: reads them all).
    "steering_member": (False, False, False, False),
    "outsider": (False, False, False, False),
    "admin_user": (True, True, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_case_permissions_by_role_and_scope(request, role, file_case):
    person = request.getfixturevalue(role)
    case = file_case()
    read, handle, sign, reveal = EXPECTED[role]
    assert can(person, "cases.read_case", case) is read
    assert can(person, "cases.handle_case", case) is handle
    assert can(person, "cases.sign_reply", case) is sign
    assert can(person, "cases.reveal_identity", case) is reveal


def test_only_the_assigned_handler_may_reveal_an_identity(file_case, officer, chairman):
    case = file_case(
        case_type_key="denunciation",
        recorded_by=officer,
        denounced="X",
        identity=services.Identity(name="Bí Mật", id_number="1"),
    )
    assert not can(officer, "cases.reveal_identity", case)
    services.case_assign(case=case, by=chairman, handler=officer)
    assert can(officer, "cases.reveal_identity", case)
    assert not can(chairman, "cases.reveal_identity", case)


def test_reception_is_managed_by_the_units_own_staff(commune, officer, outsider, village_head):
    assert can(officer, "cases.manage_reception", commune)
    assert not can(outsider, "cases.manage_reception", commune)
    assert not can(village_head, "cases.manage_reception", commune)
