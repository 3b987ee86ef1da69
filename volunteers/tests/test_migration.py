"""Moving working groups into their own app keeps every group, member and routed request."""

import os
import sqlite3
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_groups_members_and_routed_requests_survive_the_move(tmp_path):
    db = tmp_path / "linli.sqlite3"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", LINLI_VAR_DIR=str(tmp_path))
    manage = [sys.executable, "-m", "linli.cli"]
    # The database as the help desk left it, before the move.
    subprocess.run([*manage, "migrate", "helpdesk", "0002", "-v0"], env=env, check=True)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO registry_compound (id, name, community, address, created_at)"
            " VALUES (1, '阳光小区', '', '', '2022-04-01')"
        )
        conn.execute(
            "INSERT INTO accounts_user (id, password, phone, name, role, is_active, is_staff,"
            " is_superuser, date_joined) VALUES (7, '', '13800000005', '志愿者', 'volunteer',"
            " 1, 0, 0, '2022-04-01')"
        )
        conn.execute(
            "INSERT INTO helpdesk_workinggroup (id, compound_id, name, categories, leader_id)"
            " VALUES (3, 1, '药品保障', '[\"medicine\"]', 7)"
        )
        conn.execute(
            "INSERT INTO helpdesk_workinggroup_members (workinggroup_id, user_id) VALUES (3, 7)"
        )
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    check = (
        "from volunteers.models import WorkingGroup as G; g = G.objects.get(pk=3); "
        "print(g.name, g.categories, g.leader.name, [m.name for m in g.members.all()], "
        "list(G.objects.for_category('medicine').values_list('pk', flat=True)))"
    )
    out = subprocess.run(
        [*manage, "shell", "-c", check], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert out.strip().splitlines()[-1] == "药品保障 ['medicine'] 志愿者 ['志愿者'] [3]"
