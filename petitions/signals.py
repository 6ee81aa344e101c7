from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from supporters.signals import personal_data_collect, personal_data_erase

from .models import PetitionAbuseSettings, Signature
from .services import ABUSE_CACHE_KEY, signatures_anonymise


@receiver(post_save, sender=PetitionAbuseSettings)
def forget_abuse_settings(**kwargs):
    cache.delete(ABUSE_CACHE_KEY)


def _label(name):
    return capfirst(str(Signature._meta.get_field(name).verbose_name))


@receiver(personal_data_collect)
def collect_signatures(*, email_canonical, **kwargs):
    """The person's signatures, anonymised ones left out: they no longer say who signed."""
    signatures = (
        Signature.objects.filter(email_canonical=email_canonical, anonymised_at__isnull=True)
        .select_related("petition")
        .only(
            "petition__title",
            "email",
            "created_at",
            "confirmed_at",
            "first_name",
            "last_name",
            "country",
            "display",
            "union_name",
            "phone",
            "comment",
            "opt_in",
            "opt_in_notice",
            "source",
        )
        .order_by("created_at")
    )
    rows = [
        {
            _label("petition"): signature.petition.title,
            _label("email"): signature.email,
            _label("created_at"): signature.created_at,
            _label("confirmed_at"): signature.confirmed_at,
            _label("first_name"): signature.first_name,
            _label("last_name"): signature.last_name,
            _label("country"): signature.country.name,
            _label("display"): signature.get_display_display(),
            _label("union_name"): signature.union_name,
            _label("phone"): signature.phone,
            _label("comment"): signature.comment,
            _label("opt_in"): signature.opt_in,
            _label("opt_in_notice"): signature.opt_in_notice,
            _label("source"): signature.source,
        }
        for signature in signatures
    ]
    return {_("Petition signatures"): rows} if rows else {}


@receiver(personal_data_erase)
def erase_signatures(*, email_canonical, **kwargs):
    signatures_anonymise(queryset=Signature.objects.filter(email_canonical=email_canonical))
