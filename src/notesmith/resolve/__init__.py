"""The entity registry and the matching of names to people, organizations and projects."""
