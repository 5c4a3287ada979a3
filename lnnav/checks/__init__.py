"""The checks: what is wrong with a guideline, judged on its model alone (ids, graph shape,
references, rule analysis, dominance, structural faults, follow-on errors). Never sees YAML.
May import lnnav.model.guideline and lnnav.base."""
