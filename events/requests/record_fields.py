"""The fields of the three choices of date an event request offers, each a day
or a range, which the request form, the admin and the data export all list."""

# (from, until) of each choice, in order.
DATE_CHOICES = [(f"date_{n}_from", f"date_{n}_to") for n in (1, 2, 3)]
DATE_FIELDS = [name for choice in DATE_CHOICES for name in choice]
