"""Build the demo site: idempotent, from factories and a fixed seed."""

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import factory.random
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Site

from campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    RatificationTrackerPageFactory,
)
from campaigns.models import (
    CampaignGoal,
    CampaignIndexPage,
    CampaignTarget,
    CampaignUpdate,
    Convention,
    RatificationTrackerPage,
    Target,
)
from campaigns.services import ratifications_import
from home import demo_content as content
from home.models import HomePage, SiteSettings
from petitions.factories import PetitionPageFactory
from petitions.models import PetitionPage, PetitionTarget
from supporters.models import Affiliate

DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_RATIFICATIONS = Path(settings.BASE_DIR) / "campaigns" / "demo_data" / "ratifications.csv"


class Command(BaseCommand):
    help = "Create the demo campaigns, targets, tracker data and a demo admin account."

    def handle(self, *args, **options):
        factory.random.reseed_random(2026)
        with transaction.atomic():
            home = self.home_page()
            index = self.child(home, CampaignIndexPage, CampaignIndexPageFactory, "campaigns")
            tracker = self.child(
                home,
                RatificationTrackerPage,
                RatificationTrackerPageFactory,
                "ratification-tracker",
                intro=content.TRACKER_INTRO,
            )
            targets = self.targets()
            campaigns = [self.campaign(index, spec, targets) for spec in content.CAMPAIGNS]
            self.affiliates()
            petition = self.petition(campaigns, targets)
            self.translations(home, index, tracker, campaigns, petition)
            self.mailing(petition, campaigns)
            report = ratifications_import(text=DEMO_RATIFICATIONS.read_text(encoding="utf-8-sig"))
            self.site_settings()
        if not report.ok:
            self.stderr.write(f"Demo ratifications not imported: {report.errors}")
        password = self.admin_password()
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(
            f"Demo admin (demo only): {DEMO_ADMIN_EMAIL} / {password} at {settings.BASE_URL}/admin/"
        )

    def home_page(self):
        home = HomePage.objects.get(locale=Locale.get_default(), depth=2)
        title, intro = content.HOME["en"]
        if home.intro != intro:
            home.title, home.intro = title, intro
            home.body = json.dumps(content.home_body("en"))
            home.save_revision().publish()
        return home

    def child(self, parent, model, page_factory, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        return existing or page_factory(parent=parent, slug=slug, **fields)

    def targets(self):
        targets = {}
        for spec in content.TARGETS:
            fields = {k: v for k, v in spec.items() if k not in ("key", "name")}
            targets[spec["key"]], _created = Target.objects.get_or_create(
                name=spec["name"], defaults=fields
            )
        return targets

    def campaign(self, index, spec, targets):
        from campaigns.models import CampaignPage

        existing = CampaignPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if existing:
            return existing
        convention = Convention.objects.get(code=spec["convention"]) if spec["convention"] else None
        page = CampaignPageFactory.build(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            kind=spec["kind"],
            convention=convention,
            start_date=spec["start_date"],
            end_date=spec.get("end_date"),
            default_ask=spec.get("default_ask", ""),
            body=json.dumps(spec["body"]),
        )
        page.goals = [
            CampaignGoal(label=label, current=current, target=target, sort_order=i)
            for i, (label, current, target) in enumerate(spec["goals"])
        ]
        page.campaign_targets = [
            CampaignTarget(target=targets[key], ask=ask, sort_order=i)
            for i, (key, ask) in enumerate(spec["targets"])
        ]
        page.updates = [
            CampaignUpdate(date=date, title=title, text=text, sort_order=i)
            for i, (date, title, text) in enumerate(spec["updates"])
        ]
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    def affiliates(self):
        for spec in content.AFFILIATES:
            Affiliate.objects.get_or_create(code=spec["code"], defaults=spec)

    def petition(self, campaigns, targets):
        spec = content.PETITION
        campaign = next(c for c in campaigns if c.slug == spec["campaign"])
        existing = PetitionPage.objects.child_of(campaign).filter(slug=spec["slug"]).first()
        if existing:
            return existing
        page = PetitionPageFactory.build(
            **{k: v for k, v in spec.items() if k not in ("campaign", "targets")}
        )
        page.petition_targets = [
            PetitionTarget(target=targets[key], sort_order=i)
            for i, key in enumerate(spec["targets"])
        ]
        campaign.add_child(instance=page)
        page.save_revision().publish()
        return page

    def mailing(self, petition, campaigns):
        """A draft mailing in English and French to demo supporters who signed."""
        from django.utils import timezone

        from mailings.models import Audience, Mailing, MailingVersion
        from supporters.models import Activity
        from supporters.services import Consent, supporter_record_action

        for email, first, last, country, language in content.DEMO_SUPPORTERS:
            supporter_record_action(
                email=email,
                kind=Activity.Kind.PETITION_SIGNATURE,
                page=petition,
                first_name=first,
                last_name=last,
                country=country,
                language=language,
                consent=Consent(given=True, notice="Demo data", at=timezone.now()),
            )
        spec = content.MAILING
        audience, _created = Audience.objects.get_or_create(name=spec["audience"])
        audience.pages.set([petition])
        if Mailing.objects.filter(name=spec["name"]).exists():
            return
        imd = next(c for c in campaigns if c.slug == "international-migrants-day-2026")
        mailing = Mailing.objects.create(
            name=spec["name"], audience=audience, campaign=imd, from_name=spec["from_name"]
        )
        for order, version in enumerate(spec["versions"]):
            MailingVersion.objects.create(mailing=mailing, sort_order=order, **version)

    def translations(self, home, index, tracker, campaigns, petition):
        c189 = next(c for c in campaigns if c.slug == "ratify-c189")
        imd = next(c for c in campaigns if c.slug == "international-migrants-day-2026")
        imd_spec = next(s for s in content.CAMPAIGNS if s["slug"] == imd.slug)
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            if code == settings.LANGUAGE_CODE:
                continue
            locale = Locale.objects.get(language_code=code)
            title, intro = content.HOME[code]
            self.translate(
                home, locale, title=title, intro=intro, body=json.dumps(content.home_body(code))
            )
            self.translate(index, locale, title=content.INDEX_TITLES[code])
            self.translate(tracker, locale, title=content.TRACKER_TITLES[code])
            title, summary = imd_spec["translations"][code]
            self.translate(imd, locale, title=title, summary=summary)
            c189_title, c189_summary, title, summary, text, notice = content.C189_TRANSLATIONS[code]
            self.translate(c189, locale, title=c189_title, summary=c189_summary)
            self.translate(
                petition,
                locale,
                title=title,
                summary=summary,
                petition_text=text,
                opt_in_notice=notice,
            )

    def translate(self, page, locale, **fields):
        translation = page.get_translation_or_none(locale)
        if translation is not None:
            return translation
        translation = page.copy_for_translation(locale).specific
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        return translation

    def site_settings(self):
        # Full URLs in share links and emails use the Site's host and port.
        base = urlsplit(settings.BASE_URL)
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = base.hostname, base.port or 80
        site.save()
        site_settings = SiteSettings.for_site(site)
        site_settings.organisation_name = "Mobilise"
        site_settings.tagline = "Migrant workers' rights are workers' rights"
        site_settings.footer_text = (
            "A demonstration site. Targets and ratification figures marked “demo data” "
            "are samples, not a record."
        )
        site_settings.save()

    def admin_password(self):
        """The demo admin's password, made once and kept under var/ so reruns can show it."""
        User = get_user_model()
        password_file = Path(settings.VAR_DIR) / "demo-admin.txt"
        user = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
        if user and password_file.exists():
            return password_file.read_text().strip()
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser(email=DEMO_ADMIN_EMAIL, password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        os.chmod(password_file, 0o600)
        return password
