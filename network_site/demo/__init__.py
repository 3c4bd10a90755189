"""Demo content for a laptop or a review site: `manage.py load_demo_content`.

content.py holds the words and records, images.py draws the pictures and
loading.py writes them to the database, idempotently.
"""
