<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

/**
 * Version of local_scormsync: SCORM activities and their report through web services.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'local_scormsync';
$plugin->version = 2026120321;
$plugin->requires = 2023100900; // Moodle 4.3: SCORM tracks in scorm_attempt / scorm_scoes_value.
$plugin->maturity = MATURITY_BETA;
$plugin->release = '0.4.0';
$plugin->dependencies = ['mod_scorm' => ANY_VERSION];
