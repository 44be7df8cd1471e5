"""One parser per input shape of DESIGN §3; `notesmith.sources.reader` picks among them."""
