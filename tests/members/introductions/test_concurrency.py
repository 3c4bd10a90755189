"""Introductions under concurrency, on PostgreSQL: both sides accepting at the
same moment share the details once; a member asking many times at once gets no
more than five requests open."""

import pytest

from members.introductions import services
from members.introductions.models import IntroductionEvent, IntroductionRequest
from network_site.refusals import Refused
from tests.events.test_concurrency import run_concurrently
from tests.members.introductions.conftest import emails, proposal

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_both_sides_accepting_at_once_share_the_details_once(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    results, errors = run_concurrently(
        lambda user: services.answer(introduction, user, True), [councillor.user, larder.user]
    )
    assert errors == []
    assert len(results) == 2
    introduction.refresh_from_db()
    assert introduction.shared_at is not None
    assert len(emails("introduced")) == 2
    shared = IntroductionEvent.objects.filter(action=IntroductionEvent.Action.SHARED)
    assert shared.count() == 1


def test_asking_ten_times_at_once_opens_five_requests(councillor):
    def ask(n):
        try:
            return services.ask(councillor, councillor.local_authority, f"Request {n} at once.")
        except Refused:
            return None

    results, errors = run_concurrently(ask, list(range(10)))
    assert errors == []
    assert len([result for result in results if result]) == services.MAX_OPEN_REQUESTS
    assert IntroductionRequest.objects.count() == services.MAX_OPEN_REQUESTS
