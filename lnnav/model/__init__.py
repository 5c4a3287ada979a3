"""The model: frozen records of a guideline (nodes, conditions, expressions, edges), the numbers
people type, and the guideline's own words for them. No I/O, no YAML, no third-party library.
May import lnnav.base only."""
