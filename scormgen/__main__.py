from scormgen.cli import main

main()
