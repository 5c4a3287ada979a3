"""One module per sub-command; importing a module registers its command on ``lnnav.cli.app.app``.

A run imports only the module of the command it runs (and ``consult``, whose options the root
takes); ``lnnav --help`` lists the commands from the summaries below without importing any. A
test (tests/test_cli_main.py) checks that this listing is the one the whole CLI gives.
"""

# command name (its module's name) -> the first paragraph of its help, in the order `lnnav --help` lists them
SUMMARIES: dict[str, str] = {
    "consult": "Walk the guideline to a sourced recommendation: the card first, then the details.",
    "graph": "Draw the question tree: questions, numbers, decisions, computed values and outcomes by shape.",
    "quiz": "Answer a scenario's questions yourself; see where your path and outcome differ, and a score.",
    "refs": "List the bibliography with what cites each reference; flag unused and undefined ones "
            "(exit 1 if undefined).",
    "replay": "Replay a session record; exit 1 when the guideline content or the result changed.",
    "schema": "Print the JSON Schema (draft 2020-12) of every guideline YAML file.",
    "show": "Show the guideline as an outline: every node with its depth and option ids, then the alerts "
            "and when they fire; or one node with what leads to it and where it goes.",
    "validate": "Check a guideline folder and print every problem as FILE:LINE:COL: error|warning: "
                "message.",
    "scenario": "Worked cases with expected outcomes.",
}
