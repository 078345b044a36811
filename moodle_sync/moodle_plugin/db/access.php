<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

/**
 * Capabilities of local_scormsync.
 *
 * Both are checked on top of core's own (moodle/course:manageactivities and
 * mod/scorm:addinstance to write, mod/scorm:viewreport to read), so a site can keep
 * these web services away from teachers who may otherwise edit courses.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$capabilities = [
    'local/scormsync:deploy' => [
        'riskbitmask' => RISK_XSS | RISK_CONFIG,
        'captype' => 'write',
        'contextlevel' => CONTEXT_COURSE,
        'archetypes' => [
            'manager' => CAP_ALLOW,
        ],
    ],
    'local/scormsync:viewreport' => [
        'riskbitmask' => RISK_PERSONAL,
        'captype' => 'read',
        'contextlevel' => CONTEXT_COURSE,
        'archetypes' => [
            'manager' => CAP_ALLOW,
            'editingteacher' => CAP_ALLOW,
        ],
    ],
];
