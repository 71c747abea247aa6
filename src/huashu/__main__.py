"""``python -m huashu``: the same as the ``huashu`` command."""

from huashu.cli import run

if __name__ == "__main__":
    run()
