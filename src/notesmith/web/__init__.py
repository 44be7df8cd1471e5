"""`notesmith serve`: the local review UI (pages, forms, JSON API) over the application layer."""
