<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

/**
 * English strings of local_scormsync.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['draftnotonepackage'] = 'The draft area must hold exactly one SCORM package; it holds {$a} files.';
$string['idnumbernotscorm'] = 'The activity with idnumber "{$a}" is not a SCORM activity.';
$string['idnumbernotunique'] = 'More than one activity of the course has the idnumber "{$a}".';
$string['invalidpackage'] = 'The uploaded file is not a valid SCORM package: {$a}';
$string['pluginname'] = 'SCORM sync';
$string['privacy:metadata'] = 'The SCORM sync plugin stores no personal data: it writes SCORM activities and reads the SCORM activity\'s own tracks.';
$string['scormsync:deploy'] = 'Create and update SCORM activities through web services';
$string['scormsync:viewreport'] = 'Read the course SCORM report through web services';
