"""The medical green channel."""

from django.urls import reverse

from helpdesk import actions


def test_a_green_channel_transfer_is_recorded_and_logged(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="medical", urgency="life", text="胸口痛", source="link"
    )
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_transfer", args=[item.pk]), {
        "vehicle": "闭环就医车 渝F12345", "departed_at": "2022-11-26T21:10",
        "arrived_at": "2022-11-26T21:35", "hospital": "万州区人民医院", "outcome": "已接种狂犬疫苗",
    })  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.transfer.hospital == "万州区人民医院"
    assert item.events.filter(kind="transfer").exists()
    assert (
        world.client(world.volunteer)
        .post(reverse("helpdesk_transfer", args=[item.pk]), {"vehicle": "x"})
        .status_code
        == 403
    )
