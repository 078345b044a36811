"""moodle-sync: deploys the built course to Moodle through web services and reads learner data back."""
