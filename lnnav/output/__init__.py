"""Output: a finished walk, or a whole guideline, as plain data and text (card, report, Markdown,
HTML, Mermaid, DOT, outline), each escaped for its format. Prints nothing; no rich, no Typer.
May import lnnav.engine.walk and every layer below it."""
