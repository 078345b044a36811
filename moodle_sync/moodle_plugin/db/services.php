<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

/**
 * Web-service functions of local_scormsync, and the ready-made service moodle-sync uses.
 *
 * The service holds every function moodle-sync calls, core and plugin, with file uploads
 * on: the administrator installs the plugin and creates one token for this service.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    'local_scormsync_save_scorm' => [
        'classname' => \local_scormsync\external\save_scorm::class,
        'description' => 'Create or update, found by idnumber, the SCORM activity of a course from a package '
            . 'in the user\'s draft area; an update keeps the activity and its learners\' tracks.',
        'type' => 'write',
        'capabilities' => 'local/scormsync:deploy, moodle/course:manageactivities, mod/scorm:addinstance',
    ],
    'local_scormsync_get_course_report' => [
        'classname' => \local_scormsync\external\get_course_report::class,
        'description' => 'Per learner, SCO and attempt of a course: the stored SCORM values, uninterpreted.',
        'type' => 'read',
        'capabilities' => 'local/scormsync:viewreport, mod/scorm:viewreport',
    ],
    'local_scormsync_save_assign' => [
        'classname' => \local_scormsync\external\save_assign::class,
        'description' => 'Create or update, found by idnumber, an assignment of a course: submission settings, '
            . 'due date, grade to pass, completion by passing grade and its rubric; an update keeps submissions and grades.',
        'type' => 'write',
        'capabilities' => 'local/scormsync:deploy, moodle/course:manageactivities, mod/assign:addinstance, '
            . 'moodle/grade:managegradingforms',
    ],
    'local_scormsync_get_assigns' => [
        'classname' => \local_scormsync\external\get_assigns::class,
        'description' => 'The assignments of a course that have an idnumber, with what save_assign writes, as stored.',
        'type' => 'read',
        'capabilities' => 'local/scormsync:deploy, moodle/course:manageactivities',
    ],
    'local_scormsync_get_sessions' => [
        'classname' => \local_scormsync\external\get_sessions::class,
        'description' => 'The e-learning register of a course: learners\' activity sessions, log-ins and '
            . 'log-outs from the standard log, a page at a time.',
        'type' => 'read',
        'capabilities' => 'report/log:view, local/scormsync:viewreport',
    ],
];

$services = [
    'moodle-sync' => [
        'shortname' => 'moodle_sync',
        'functions' => [
            'core_webservice_get_site_info',
            'core_course_get_categories',
            'core_course_create_categories',
            'core_course_get_courses_by_field',
            'core_course_create_courses',
            'core_course_update_courses',
            'core_course_get_contents',
            'core_courseformat_get_state',
            'core_courseformat_update_course',
            'core_update_inplace_editable',
            'core_course_get_course_module',
            'mod_scorm_get_scorms_by_courses',
            'mod_scorm_get_scorm_scoes',
            'mod_scorm_get_scorm_sco_tracks',
            'core_completion_get_activities_completion_status',
            'core_completion_get_course_completion_status',
            'gradereport_user_get_grade_items',
            'core_user_get_users_by_field',
            'core_user_create_users',
            'core_user_update_users',
            'core_user_get_user_preferences',
            'core_enrol_get_enrolled_users',
            'enrol_manual_enrol_users',
            'local_scormsync_save_scorm',
            'local_scormsync_get_course_report',
            'local_scormsync_save_assign',
            'local_scormsync_get_assigns',
            'mod_assign_get_assignments',
            'mod_assign_get_submissions',
            'mod_assign_get_grades',
            'local_scormsync_get_sessions',
        ],
        'restrictedusers' => 0,
        'enabled' => 1,
        'uploadfiles' => 1,
        'downloadfiles' => 1,
    ],
];
