"""The engine: walking a checked guideline, and what is walked or compared with a walk: answers
files, session records and replays, explanations, scenarios, quizzes, and the maintainer lint
that runs the scenarios. Prints nothing. May import lnnav.format and every layer below it."""
