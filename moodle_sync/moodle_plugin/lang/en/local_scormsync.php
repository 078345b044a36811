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
$string['idnumbernotassign'] = 'The activity with idnumber "{$a}" is not an assignment.';
$string['idnumbernotscorm'] = 'The activity with idnumber "{$a}" is not a SCORM activity.';
$string['idnumbernotunique'] = 'More than one activity of the course has the idnumber "{$a}".';
$string['invalidpackage'] = 'The uploaded file is not a valid SCORM package: {$a}';
$string['pluginname'] = 'SCORM sync';
$string['privacy:metadata:moodle_sync'] = 'moodle-sync, the training provider\'s administration tool, reads learners\' SCORM tracks and admission records through this plugin\'s web services and keeps them in snapshot files to decide who may sit the final exam.';
$string['privacy:metadata:moodle_sync:admission'] = 'The admission record: birth date, education level, joining date, edition, verdict and its source.';
$string['privacy:metadata:moodle_sync:tracks'] = 'The stored values of the SCORM activities\' tracks (status, score, time) per attempt.';
$string['privacy:metadata:moodle_sync:userid'] = 'The learner\'s user id.';
$string['privacy:metadata:profilefield'] = 'Each learner\'s admission record (birth date, education level as EQF, joining date, edition, admission verdict and the file it came from) is kept in the custom user profile fields of the category "Ammissione al corso" that this plugin creates; their data is stored, exported and deleted by the profile field plugins.';
$string['scormsync:deploy'] = 'Create and update SCORM activities through web services';
$string['scormsync:viewreport'] = 'Read the course SCORM report through web services';
