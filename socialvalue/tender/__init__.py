"""A tender: its folder, ``tender.yaml``, and everything read from it."""
