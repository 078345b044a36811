"""moodle-sync: deploys the built course to Moodle via web services and reads learner data back."""
