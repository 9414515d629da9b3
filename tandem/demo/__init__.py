"""Demo data for Tandem: a believable regional hospital group with 18 months of activity.

A plain package (not a Django app): `build.seed(...)` fills an empty database and
`manage.py seed_demo` calls it. Everything is drawn from `random.Random(seed)`, so the
same seed gives the same organization and the same text.
"""
