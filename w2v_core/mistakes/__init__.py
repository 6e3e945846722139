"""Wrong formulas that occur in real student write-ups, kept as named functions so that a chapter
can show each one failing a gradient check without re-implementing any mathematics itself.

``naive_softmax`` holds the mistakes of parts (a)-(d); ``negative_sampling`` those of (e)-(h).
``coding`` holds wrong implementations in the course's names, which the grader names; ``catalogue`` lists every
mistake once, with the wrong formula the checker reads (pure Python). Only chapters, views that show a
mistake beside the right answer, the checker, the grader and tests import from here;
the mathematics of the package itself never does.
"""
