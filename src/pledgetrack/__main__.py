"""``python -m pledgetrack``: the command line."""

from pledgetrack.cli import main

if __name__ == "__main__":
    main()
