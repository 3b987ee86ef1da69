"""The outbox: written with the change it announces, claimed once, retried, recorded."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from outbox.actions import enqueue, send_due
from outbox.models import MAX_ATTEMPTS, Message, Status
from outbox.tests.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def test_a_message_is_kept_only_if_its_change_commits(db, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(kind="webhook", target=receiver.url, payload={"n": 1})
        raise RuntimeError("the action failed")
    assert not Message.objects.exists()


def test_a_webhook_is_posted_with_its_key_and_marked_sent(db, receiver):
    message = enqueue(kind="webhook", target=receiver.url, payload={"text": "3栋到货"})
    assert send_due() == 1
    assert receiver.received == [(message.key, {"text": "3栋到货"})]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert send_due() == 0  # sent once


def test_a_failure_is_recorded_retried_later_and_given_up_after_the_last_attempt(db):
    server = Receiver(status=500)
    try:
        message = enqueue(kind="webhook", target=server.url, payload={})
        assert send_due() == 0
        message.refresh_from_db()
        assert message.status == Status.PENDING and "500" in message.last_error
        assert message.available_at > timezone.now() + timedelta(seconds=20)
        assert send_due() == 0 and len(server.keys()) == 1  # not due yet
        for _ in range(MAX_ATTEMPTS - 1):
            send_due(now=timezone.now() + timedelta(days=1))
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.FAILED, MAX_ATTEMPTS)
    finally:
        server.close()


def test_an_unreachable_target_is_a_recorded_failure_not_a_crash(db):
    message = enqueue(kind="webhook", target="http://127.0.0.1:9/nothing", payload={})
    assert send_due() == 0
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.last_error


def test_of_two_workers_claiming_one_message_exactly_one_wins(db, receiver):
    message = enqueue(kind="webhook", target=receiver.url, payload={})
    now = timezone.now()
    first, second = Message.objects.get(pk=message.pk), Message.objects.get(pk=message.pk)
    assert [first.claim(now), second.claim(now)] == [True, False]


@pytest.mark.slow
def test_a_worker_killed_mid_send_and_restarted_loses_nothing_and_sends_nothing_twice(
    sqlite_file_env,
):
    env = dict(sqlite_file_env, LINLI_OUTBOX_LEASE_SECONDS="2")
    count = 6
    server = Receiver(slow_key="linli-outbox-3", slow_seconds=30)
    try:
        add = (
            "from outbox.actions import enqueue\n"
            f"for n in range({count}): enqueue(kind='webhook', target='{server.url}', "
            "payload={'n': n})"
        )
        subprocess.run([sys.executable, "-m", "linli.cli", "shell", "-c", add], env=env,
                       check=True)  # fmt: skip
        worker = [sys.executable, "-m", "linli.cli", "worker", "--poll", "0.2"]
        first = subprocess.Popen(worker, env=env, start_new_session=True)
        deadline = time.monotonic() + 30
        while "linli-outbox-2" not in server.keys() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # message 3 is now in flight, held by the receiver
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        second = subprocess.Popen(worker, env=env, start_new_session=True)
        try:
            deadline = time.monotonic() + 40
            while len(set(server.keys())) < count and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()
        keys = server.keys()
        # Every message arrived; the one in flight at the kill came again with the same key,
        # so a receiver that keeps one copy per key has each exactly once.
        assert sorted(set(keys)) == sorted(f"linli-outbox-{n}" for n in range(1, count + 1))
        assert [k for k in keys if keys.count(k) > 1] in ([], ["linli-outbox-3"] * 2)
        check = (
            "from outbox.models import Message; "
            "print(sorted(set(Message.objects.values_list('status', flat=True))))"
        )
        out = subprocess.run([sys.executable, "-m", "linli.cli", "shell", "-c", check], env=env,
                             check=True, capture_output=True, text=True).stdout  # fmt: skip
        assert out.strip().splitlines()[-1] == "['sent']"
    finally:
        server.close()
