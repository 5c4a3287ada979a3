"""lnnav: a guideline navigator for resistant and relapsing proliferative lupus nephritis.

The command line and the YAML guideline format are the public API; the Python
modules are internal and may change between releases.
"""

__version__ = "0.1.0"
