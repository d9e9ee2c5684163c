"""`python -m faultlines` runs the command line."""

from faultlines.cli import main

if __name__ == "__main__":
    main()
