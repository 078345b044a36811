from moodle_sync.cli import main

main()
