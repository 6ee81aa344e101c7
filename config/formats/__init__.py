"""Date and number formats for the languages Django has none for (FORMAT_MODULE_PATH).

Each follows the Unicode CLDR's long date and grouping for the language (as
Babel reports them); times are on the 24-hour clock, as the other languages'
are here. Django's own modules serve the rest (id, and en, fr, es, ar); Hindi and
Bengali are here too, for their lakh and crore grouping, which Django's omit.
"""
