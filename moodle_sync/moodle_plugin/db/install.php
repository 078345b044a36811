<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

/**
 * Installation of local_scormsync: the profile fields of the admission record.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

/**
 * Create the category "Ammissione al corso" and its profile fields.
 *
 * @return bool
 */
function xmldb_local_scormsync_install() {
    \local_scormsync\admission_fields::ensure();
    return true;
}
