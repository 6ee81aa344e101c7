import wagtail_factories

from .models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Mobilise"
    intro = "Campaigns for the rights of migrant workers, by their unions."

    class Meta:
        model = HomePage
