"""python -m jiaokan.cli"""

from . import main

main()
