"""Map the 187 ILO member States to the five ILO regions.

Used to filter the ratification tracker by region (ISO 3166-1 alpha-2 codes).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ARAB_STATES = "arab_states", _("Arab States")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = "europe_central_asia", _("Europe and Central Asia")


STATE_REGIONS: dict[str, Region] = {
    # Africa
    "AO": Region.AFRICA,  # Angola
    "BF": Region.AFRICA,  # Burkina Faso
    "BI": Region.AFRICA,  # Burundi
    "BJ": Region.AFRICA,  # Benin
    "BW": Region.AFRICA,  # Botswana
    "CD": Region.AFRICA,  # Congo, Democratic Republic of the
    "CF": Region.AFRICA,  # Central African Republic
    "CG": Region.AFRICA,  # Congo
    "CI": Region.AFRICA,  # Côte d'Ivoire
    "CM": Region.AFRICA,  # Cameroon
    "CV": Region.AFRICA,  # Cabo Verde
    "DJ": Region.AFRICA,  # Djibouti
    "DZ": Region.AFRICA,  # Algeria
    "EG": Region.AFRICA,  # Egypt
    "ER": Region.AFRICA,  # Eritrea
    "ET": Region.AFRICA,  # Ethiopia
    "GA": Region.AFRICA,  # Gabon
    "GH": Region.AFRICA,  # Ghana
    "GM": Region.AFRICA,  # Gambia
    "GN": Region.AFRICA,  # Guinea
    "GQ": Region.AFRICA,  # Equatorial Guinea
    "GW": Region.AFRICA,  # Guinea-Bissau
    "KE": Region.AFRICA,  # Kenya
    "KM": Region.AFRICA,  # Comoros
    "LR": Region.AFRICA,  # Liberia
    "LS": Region.AFRICA,  # Lesotho
    "LY": Region.AFRICA,  # Libya
    "MA": Region.AFRICA,  # Morocco
    "MG": Region.AFRICA,  # Madagascar
    "ML": Region.AFRICA,  # Mali
    "MR": Region.AFRICA,  # Mauritania
    "MU": Region.AFRICA,  # Mauritius
    "MW": Region.AFRICA,  # Malawi
    "MZ": Region.AFRICA,  # Mozambique
    "NA": Region.AFRICA,  # Namibia
    "NE": Region.AFRICA,  # Niger
    "NG": Region.AFRICA,  # Nigeria
    "RW": Region.AFRICA,  # Rwanda
    "SC": Region.AFRICA,  # Seychelles
    "SD": Region.AFRICA,  # Sudan
    "SL": Region.AFRICA,  # Sierra Leone
    "SN": Region.AFRICA,  # Senegal
    "SO": Region.AFRICA,  # Somalia
    "SS": Region.AFRICA,  # South Sudan
    "ST": Region.AFRICA,  # Sao Tome and Principe
    "SZ": Region.AFRICA,  # Eswatini
    "TD": Region.AFRICA,  # Chad
    "TG": Region.AFRICA,  # Togo
    "TN": Region.AFRICA,  # Tunisia
    "TZ": Region.AFRICA,  # Tanzania, United Republic of
    "UG": Region.AFRICA,  # Uganda
    "ZA": Region.AFRICA,  # South Africa
    "ZM": Region.AFRICA,  # Zambia
    "ZW": Region.AFRICA,  # Zimbabwe
    # Americas
    "AG": Region.AMERICAS,  # Antigua and Barbuda
    "AR": Region.AMERICAS,  # Argentina
    "BB": Region.AMERICAS,  # Barbados
    "BO": Region.AMERICAS,  # Bolivia
    "BR": Region.AMERICAS,  # Brazil
    "BS": Region.AMERICAS,  # Bahamas
    "BZ": Region.AMERICAS,  # Belize
    "CA": Region.AMERICAS,  # Canada
    "CL": Region.AMERICAS,  # Chile
    "CO": Region.AMERICAS,  # Colombia
    "CR": Region.AMERICAS,  # Costa Rica
    "CU": Region.AMERICAS,  # Cuba
    "DM": Region.AMERICAS,  # Dominica
    "DO": Region.AMERICAS,  # Dominican Republic
    "EC": Region.AMERICAS,  # Ecuador
    "GD": Region.AMERICAS,  # Grenada
    "GT": Region.AMERICAS,  # Guatemala
    "GY": Region.AMERICAS,  # Guyana
    "HN": Region.AMERICAS,  # Honduras
    "HT": Region.AMERICAS,  # Haiti
    "JM": Region.AMERICAS,  # Jamaica
    "KN": Region.AMERICAS,  # Saint Kitts and Nevis
    "LC": Region.AMERICAS,  # Saint Lucia
    "MX": Region.AMERICAS,  # Mexico
    "NI": Region.AMERICAS,  # Nicaragua
    "PA": Region.AMERICAS,  # Panama
    "PE": Region.AMERICAS,  # Peru
    "PY": Region.AMERICAS,  # Paraguay
    "SR": Region.AMERICAS,  # Suriname
    "SV": Region.AMERICAS,  # El Salvador
    "TT": Region.AMERICAS,  # Trinidad and Tobago
    "US": Region.AMERICAS,  # United States of America
    "UY": Region.AMERICAS,  # Uruguay
    "VC": Region.AMERICAS,  # Saint Vincent and the Grenadines
    "VE": Region.AMERICAS,  # Venezuela
    # Arab States
    "AE": Region.ARAB_STATES,  # United Arab Emirates
    "BH": Region.ARAB_STATES,  # Bahrain
    "IQ": Region.ARAB_STATES,  # Iraq
    "JO": Region.ARAB_STATES,  # Jordan
    "KW": Region.ARAB_STATES,  # Kuwait
    "LB": Region.ARAB_STATES,  # Lebanon
    "OM": Region.ARAB_STATES,  # Oman
    "QA": Region.ARAB_STATES,  # Qatar
    "SA": Region.ARAB_STATES,  # Saudi Arabia
    "SY": Region.ARAB_STATES,  # Syrian Arab Republic
    "YE": Region.ARAB_STATES,  # Yemen
    # Asia and the Pacific
    "AF": Region.ASIA_PACIFIC,  # Afghanistan
    "AU": Region.ASIA_PACIFIC,  # Australia
    "BD": Region.ASIA_PACIFIC,  # Bangladesh
    "BN": Region.ASIA_PACIFIC,  # Brunei Darussalam
    "CK": Region.ASIA_PACIFIC,  # Cook Islands
    "CN": Region.ASIA_PACIFIC,  # China
    "FJ": Region.ASIA_PACIFIC,  # Fiji
    "ID": Region.ASIA_PACIFIC,  # Indonesia
    "IN": Region.ASIA_PACIFIC,  # India
    "IR": Region.ASIA_PACIFIC,  # Iran, Islamic Republic of
    "JP": Region.ASIA_PACIFIC,  # Japan
    "KH": Region.ASIA_PACIFIC,  # Cambodia
    "KI": Region.ASIA_PACIFIC,  # Kiribati
    "KR": Region.ASIA_PACIFIC,  # Korea, Republic of
    "LA": Region.ASIA_PACIFIC,  # Lao People's Democratic Republic
    "LK": Region.ASIA_PACIFIC,  # Sri Lanka
    "MH": Region.ASIA_PACIFIC,  # Marshall Islands
    "MM": Region.ASIA_PACIFIC,  # Myanmar
    "MN": Region.ASIA_PACIFIC,  # Mongolia
    "MV": Region.ASIA_PACIFIC,  # Maldives
    "MY": Region.ASIA_PACIFIC,  # Malaysia
    "NP": Region.ASIA_PACIFIC,  # Nepal
    "NZ": Region.ASIA_PACIFIC,  # New Zealand
    "PG": Region.ASIA_PACIFIC,  # Papua New Guinea
    "PH": Region.ASIA_PACIFIC,  # Philippines
    "PK": Region.ASIA_PACIFIC,  # Pakistan
    "PW": Region.ASIA_PACIFIC,  # Palau
    "SB": Region.ASIA_PACIFIC,  # Solomon Islands
    "SG": Region.ASIA_PACIFIC,  # Singapore
    "TH": Region.ASIA_PACIFIC,  # Thailand
    "TL": Region.ASIA_PACIFIC,  # Timor-Leste
    "TO": Region.ASIA_PACIFIC,  # Tonga
    "TV": Region.ASIA_PACIFIC,  # Tuvalu
    "VN": Region.ASIA_PACIFIC,  # Viet Nam
    "VU": Region.ASIA_PACIFIC,  # Vanuatu
    "WS": Region.ASIA_PACIFIC,  # Samoa
    # Europe and Central Asia
    "AL": Region.EUROPE_CENTRAL_ASIA,  # Albania
    "AM": Region.EUROPE_CENTRAL_ASIA,  # Armenia
    "AT": Region.EUROPE_CENTRAL_ASIA,  # Austria
    "AZ": Region.EUROPE_CENTRAL_ASIA,  # Azerbaijan
    "BA": Region.EUROPE_CENTRAL_ASIA,  # Bosnia and Herzegovina
    "BE": Region.EUROPE_CENTRAL_ASIA,  # Belgium
    "BG": Region.EUROPE_CENTRAL_ASIA,  # Bulgaria
    "BY": Region.EUROPE_CENTRAL_ASIA,  # Belarus
    "CH": Region.EUROPE_CENTRAL_ASIA,  # Switzerland
    "CY": Region.EUROPE_CENTRAL_ASIA,  # Cyprus
    "CZ": Region.EUROPE_CENTRAL_ASIA,  # Czechia
    "DE": Region.EUROPE_CENTRAL_ASIA,  # Germany
    "DK": Region.EUROPE_CENTRAL_ASIA,  # Denmark
    "EE": Region.EUROPE_CENTRAL_ASIA,  # Estonia
    "ES": Region.EUROPE_CENTRAL_ASIA,  # Spain
    "FI": Region.EUROPE_CENTRAL_ASIA,  # Finland
    "FR": Region.EUROPE_CENTRAL_ASIA,  # France
    "GB": Region.EUROPE_CENTRAL_ASIA,  # United Kingdom
    "GE": Region.EUROPE_CENTRAL_ASIA,  # Georgia
    "GR": Region.EUROPE_CENTRAL_ASIA,  # Greece
    "HR": Region.EUROPE_CENTRAL_ASIA,  # Croatia
    "HU": Region.EUROPE_CENTRAL_ASIA,  # Hungary
    "IE": Region.EUROPE_CENTRAL_ASIA,  # Ireland
    "IL": Region.EUROPE_CENTRAL_ASIA,  # Israel
    "IS": Region.EUROPE_CENTRAL_ASIA,  # Iceland
    "IT": Region.EUROPE_CENTRAL_ASIA,  # Italy
    "KG": Region.EUROPE_CENTRAL_ASIA,  # Kyrgyzstan
    "KZ": Region.EUROPE_CENTRAL_ASIA,  # Kazakhstan
    "LT": Region.EUROPE_CENTRAL_ASIA,  # Lithuania
    "LU": Region.EUROPE_CENTRAL_ASIA,  # Luxembourg
    "LV": Region.EUROPE_CENTRAL_ASIA,  # Latvia
    "MD": Region.EUROPE_CENTRAL_ASIA,  # Moldova, Republic of
    "ME": Region.EUROPE_CENTRAL_ASIA,  # Montenegro
    "MK": Region.EUROPE_CENTRAL_ASIA,  # North Macedonia
    "MT": Region.EUROPE_CENTRAL_ASIA,  # Malta
    "NL": Region.EUROPE_CENTRAL_ASIA,  # Netherlands
    "NO": Region.EUROPE_CENTRAL_ASIA,  # Norway
    "PL": Region.EUROPE_CENTRAL_ASIA,  # Poland
    "PT": Region.EUROPE_CENTRAL_ASIA,  # Portugal
    "RO": Region.EUROPE_CENTRAL_ASIA,  # Romania
    "RS": Region.EUROPE_CENTRAL_ASIA,  # Serbia
    "RU": Region.EUROPE_CENTRAL_ASIA,  # Russian Federation
    "SE": Region.EUROPE_CENTRAL_ASIA,  # Sweden
    "SI": Region.EUROPE_CENTRAL_ASIA,  # Slovenia
    "SK": Region.EUROPE_CENTRAL_ASIA,  # Slovakia
    "SM": Region.EUROPE_CENTRAL_ASIA,  # San Marino
    "TJ": Region.EUROPE_CENTRAL_ASIA,  # Tajikistan
    "TM": Region.EUROPE_CENTRAL_ASIA,  # Turkmenistan
    "TR": Region.EUROPE_CENTRAL_ASIA,  # Türkiye
    "UA": Region.EUROPE_CENTRAL_ASIA,  # Ukraine
    "UZ": Region.EUROPE_CENTRAL_ASIA,  # Uzbekistan
}

STATES: frozenset[str] = frozenset(STATE_REGIONS)


def region_of(code: str) -> Region | None:
    """Return the ILO region of an ISO alpha-2 country code, or None if not a member State."""
    return STATE_REGIONS.get(code.upper())
