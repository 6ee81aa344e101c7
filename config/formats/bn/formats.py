# Bengali: Django's own formats say nothing of grouping or of a date with its
# time; CLDR "d MMMM, y", lakh and crore grouping (1,67,70,000).
DATE_FORMAT = "j F, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F, Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M, Y"
SHORT_DATETIME_FORMAT = "j M, Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = (3, 2, 0)
