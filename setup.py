"""The package list: every package under lnnav/ found, plus the bundled guidelines as lnnav._guidelines.

Everything else is in pyproject.toml, whose static ``packages`` can be a list or a search but not
both, and the guidelines folder sits outside lnnav/ (``package-dir`` maps it in).
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["lnnav", "lnnav.*"]), "lnnav._guidelines"])
