"""The grader's stand-in for the course's ``utils`` package (current version)."""
