<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

namespace local_scormsync\privacy;

/**
 * The plugin stores no personal data: it writes SCORM activities and reads mod_scorm's tracks.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements \core_privacy\local\metadata\null_provider {
    /**
     * The language string that says why the plugin stores no personal data.
     *
     * @return string
     */
    public static function get_reason(): string {
        return 'privacy:metadata';
    }
}
