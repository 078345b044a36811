<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

/**
 * Upgrade steps of local_scormsync.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

/**
 * Bring an installed plugin up to this version.
 *
 * @param int $oldversion the version installed
 * @return bool
 */
function xmldb_local_scormsync_upgrade($oldversion) {
    if ($oldversion < 2026120302) {
        // The admission record: profile fields that installs from this version on create.
        \local_scormsync\admission_fields::ensure();
        upgrade_plugin_savepoint(true, 2026120302, 'local', 'scormsync');
    }
    return true;
}
