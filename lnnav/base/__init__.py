"""The ground floor: where a thing was written (``Source``), the one error family, text made safe
to show, files read and written safely, and "did you mean". Imports nothing else of lnnav."""
