"""CBOW (extra credit) not attempted: it is not graded."""
# delete: cbow
