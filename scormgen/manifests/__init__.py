"""imsmanifest.xml writers, one module per SCORM version, sharing the package description."""
