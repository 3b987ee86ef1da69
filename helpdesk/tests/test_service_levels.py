from datetime import timedelta

from django.urls import reverse

from helpdesk import actions
from helpdesk.models import ServiceLevel


def test_the_community_sets_its_own_limit_and_new_requests_follow_it(world):
    url = reverse("service_levels", args=[world.compound.pk])
    response = world.client(world.admin).post(url, {"ack_medicine_normal": "30",
                                                    "close_medicine_normal": "120"})  # fmt: skip
    assert response.status_code == 302
    request, _ = actions.submit_request(
        household=world.h101, category="medicine", text="药", source="link"
    )
    assert request.acknowledge_by - request.created_at == timedelta(minutes=30)
    assert request.due_at - request.created_at == timedelta(minutes=120)


def test_a_bad_number_changes_nothing(world):
    url = reverse("service_levels", args=[world.compound.pk])
    client = world.client(world.admin)
    response = client.post(url, {"ack_food_low": "soon", "ack_medicine_normal": "30"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not ServiceLevel.objects.exists()


def test_only_community_admins_set_limits(world):
    url = reverse("service_levels", args=[world.compound.pk])
    assert world.client(world.building_leader).post(url, {"ack_food_low": "5"}).status_code == 403
    assert world.client(world.outsider).get(url).status_code == 404
    assert not ServiceLevel.objects.exists()
