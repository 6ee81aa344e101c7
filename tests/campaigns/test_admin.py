import pytest

pytestmark = pytest.mark.django_db


def test_targets_are_searchable_in_the_admin(superuser_client):
    from campaigns.factories import TargetFactory

    TargetFactory(name="Ministry of Labour, State of Qatar")
    TargetFactory(name="FIFA")
    html = superuser_client.get(
        "/admin/snippets/campaigns/target/", {"q": "Qatar"}
    ).content.decode()
    assert "Ministry of Labour, State of Qatar" in html and "FIFA" not in html


def test_the_target_chooser_searches(superuser_client):
    from campaigns.factories import TargetFactory

    TargetFactory(name="Ministry of Labour, State of Qatar")
    TargetFactory(name="FIFA")
    response = superuser_client.get(
        "/admin/snippets/choose/campaigns/target/results/", {"q": "Qatar"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ministry of Labour, State of Qatar" in html and "FIFA" not in html
