"""The guideline format: YAML text -> located nodes -> model records, the folder loaded and handed
to the checks, and the JSON Schema of the files. The only layer that imports yaml.
May import lnnav.checks.semantic, lnnav.model.guideline and lnnav.base."""
