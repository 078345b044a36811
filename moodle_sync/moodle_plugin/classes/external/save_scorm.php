<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

namespace local_scormsync\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;
use core_external\external_warnings;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');

/**
 * Create or update the SCORM activity with a given idnumber, from a package in the user's draft area.
 *
 * Found by idnumber and updated in place: the course module, the SCORM instance and the
 * SCO records (matched by their manifest identifiers) keep their ids, so learners' tracks
 * survive a new package.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class save_scorm extends external_api {
    /** Grading methods: learning objects, highest, average, sum. */
    private const GRADE_METHODS = [0, 1, 2, 3];
    /** Attempts graded: highest, average, first, last. */
    private const WHAT_GRADES = [0, 1, 2, 3];
    /** Status bits: none, passed, completed, either. */
    private const STATUS_MASKS = [0, 2, 4, 6];

    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'section' => new external_value(PARAM_INT, 'Section number (0 is the General section)'),
            'idnumber' => new external_value(PARAM_RAW_TRIMMED, 'Activity idnumber, by which it is found again'),
            'name' => new external_value(PARAM_TEXT, 'Activity name'),
            'intro' => new external_value(PARAM_RAW, 'Description, HTML', VALUE_DEFAULT, ''),
            'draftitemid' => new external_value(PARAM_INT,
                'Draft item holding the package zip (webservice/upload.php); 0 keeps the current package', VALUE_DEFAULT, 0),
            'grademethod' => new external_value(PARAM_INT,
                'Grading method: 0 learning objects, 1 highest score, 2 average score, 3 sum of scores', VALUE_DEFAULT, 1),
            'maxgrade' => new external_value(PARAM_FLOAT, 'Maximum grade, 0 to 100', VALUE_DEFAULT, 100),
            'maxattempt' => new external_value(PARAM_INT, 'Number of attempts allowed, 0 for unlimited', VALUE_DEFAULT, 0),
            'whatgrade' => new external_value(PARAM_INT,
                'Attempt graded: 0 highest, 1 average, 2 first, 3 last', VALUE_DEFAULT, 0),
            'completionstatusrequired' => new external_value(PARAM_INT,
                'Completion by status, a bitmask: 2 passed, 4 completed, 6 either, 0 not by status', VALUE_DEFAULT, 6),
            'completionstatusallscos' => new external_value(PARAM_INT,
                '1: every SCO must reach the status; 0: any one', VALUE_DEFAULT, 1),
            'completionscorerequired' => new external_value(PARAM_INT,
                'Completion by score: minimum score, 0 for none', VALUE_DEFAULT, 0),
            'popup' => new external_value(PARAM_INT, 'Display: 0 current window, 1 new window', VALUE_DEFAULT, 0),
            'visible' => new external_value(PARAM_INT, '1 shown to learners, 0 hidden', VALUE_DEFAULT, 1),
        ]);
    }

    /**
     * Create or update the activity.
     *
     * @param int $courseid
     * @param int $section
     * @param string $idnumber
     * @param string $name
     * @param string $intro
     * @param int $draftitemid
     * @param int $grademethod
     * @param float $maxgrade
     * @param int $maxattempt
     * @param int $whatgrade
     * @param int $completionstatusrequired
     * @param int $completionstatusallscos
     * @param int $completionscorerequired
     * @param int $popup
     * @param int $visible
     * @return array
     */
    public static function execute(int $courseid, int $section, string $idnumber, string $name, string $intro = '',
            int $draftitemid = 0, int $grademethod = 1, float $maxgrade = 100, int $maxattempt = 0, int $whatgrade = 0,
            int $completionstatusrequired = 6, int $completionstatusallscos = 1, int $completionscorerequired = 0,
            int $popup = 0, int $visible = 1): array {
        $params = self::validate_parameters(self::execute_parameters(), [
            'courseid' => $courseid, 'section' => $section, 'idnumber' => $idnumber, 'name' => $name,
            'intro' => $intro, 'draftitemid' => $draftitemid, 'grademethod' => $grademethod, 'maxgrade' => $maxgrade,
            'maxattempt' => $maxattempt, 'whatgrade' => $whatgrade,
            'completionstatusrequired' => $completionstatusrequired,
            'completionstatusallscos' => $completionstatusallscos,
            'completionscorerequired' => $completionscorerequired, 'popup' => $popup, 'visible' => $visible,
        ]);
        self::check_values($params);

        $course = get_course($params['courseid']);
        $context = \context_course::instance($course->id);
        self::validate_context($context);
        require_capability('local/scormsync:deploy', $context);
        require_capability('moodle/course:manageactivities', $context);

        if ($params['draftitemid']) {
            self::check_package($params['draftitemid']);
        }
        $cm = \local_scormsync\activity::find((int)$course->id, $params['idnumber'], 'scorm');
        if ($cm) {
            self::update_activity($course, $cm, $params);
            $created = false;
        } else {
            if (!$params['draftitemid']) {
                throw new \invalid_parameter_exception('a new SCORM activity needs a package: draftitemid is 0');
            }
            require_capability('mod/scorm:addinstance', $context);
            $cm = self::create_activity($course, $params);
            $created = true;
        }
        return ['cmid' => (int)$cm->id, 'scormid' => (int)$cm->instance, 'created' => $created, 'warnings' => []];
    }

    /**
     * What the function returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'cmid' => new external_value(PARAM_INT, 'Course module id'),
            'scormid' => new external_value(PARAM_INT, 'SCORM instance id'),
            'created' => new external_value(PARAM_BOOL, 'True if the activity was created, false if updated'),
            'warnings' => new external_warnings(),
        ]);
    }

    /**
     * Refuse values outside what the SCORM activity settings allow, as the form would.
     *
     * @param array $params validated parameters
     */
    private static function check_values(array $params): void {
        $problems = \local_scormsync\activity::naming_problems($params);
        if (!in_array($params['grademethod'], self::GRADE_METHODS, true)) {
            $problems[] = 'grademethod must be 0, 1, 2 or 3';
        }
        if (!in_array($params['whatgrade'], self::WHAT_GRADES, true)) {
            $problems[] = 'whatgrade must be 0, 1, 2 or 3';
        }
        if (!in_array($params['completionstatusrequired'], self::STATUS_MASKS, true)) {
            $problems[] = 'completionstatusrequired must be 0, 2, 4 or 6';
        }
        if ($params['maxgrade'] < 0 || $params['maxgrade'] > 100) {
            $problems[] = 'maxgrade must be between 0 and 100';
        }
        if ($params['maxattempt'] < 0 || $params['completionscorerequired'] < 0) {
            $problems[] = 'maxattempt and completionscorerequired must not be negative';
        }
        foreach (['completionstatusallscos', 'popup', 'visible'] as $flag) {
            if (!in_array($params[$flag], [0, 1], true)) {
                $problems[] = "$flag must be 0 or 1";
            }
        }
        if ($problems) {
            throw new \invalid_parameter_exception(implode('; ', $problems));
        }
    }

    /**
     * The draft area must hold exactly one valid SCORM package.
     *
     * @param int $draftitemid
     */
    private static function check_package(int $draftitemid): void {
        global $USER;
        $usercontext = \context_user::instance($USER->id);
        $files = get_file_storage()->get_area_files($usercontext->id, 'user', 'draft', $draftitemid, 'id', false);
        if (count($files) !== 1) {
            throw new \moodle_exception('draftnotonepackage', 'local_scormsync', '', count($files));
        }
        $errors = scorm_validate_package(reset($files));
        if ($errors) {
            throw new \moodle_exception('invalidpackage', 'local_scormsync', '', implode(' ', $errors));
        }
    }

    /**
     * Copy the requested settings onto module info, as the activity form would submit them.
     *
     * @param \stdClass $info module info to complete
     * @param array $params validated parameters
     */
    private static function apply_settings(\stdClass $info, array $params): void {
        $info->name = $params['name'];
        $info->cmidnumber = $params['idnumber'];
        $info->visible = $params['visible'];
        $info->grademethod = $params['grademethod'];
        $info->maxgrade = $params['maxgrade'];
        $info->maxattempt = $params['maxattempt'];
        $info->whatgrade = $params['whatgrade'];
        $info->popup = $params['popup'];
        $info->completionstatusrequired = $params['completionstatusrequired'] ?: null;
        $info->completionscorerequired = $params['completionscorerequired'] ?: null;
        $info->completionstatusallscos = $params['completionstatusallscos'];
        $bystatusorscore = $params['completionstatusrequired'] || $params['completionscorerequired'];
        $info->completion = $bystatusorscore ? COMPLETION_TRACKING_AUTOMATIC : COMPLETION_TRACKING_NONE;
        $info->completionview = COMPLETION_VIEW_NOT_REQUIRED;
        $info->completionexpected = 0;
        $info->packagefile = $params['draftitemid'];
    }

    /**
     * Add a new activity in the requested section.
     *
     * @param \stdClass $course
     * @param array $params validated parameters
     * @return \stdClass the course module
     */
    private static function create_activity(\stdClass $course, array $params): \stdClass {
        $defaults = get_config('scorm');
        $info = new \stdClass();
        $info->modulename = 'scorm';
        $info->course = $course->id;
        $info->section = $params['section'];
        $info->introeditor = ['text' => $params['intro'], 'format' => FORMAT_HTML, 'itemid' => file_get_unused_draft_itemid()];
        $info->scormtype = SCORM_TYPE_LOCAL;
        $info->updatefreq = 0;
        $info->width = $defaults->framewidth ?? 100;
        $info->height = $defaults->frameheight ?? 500;
        foreach (['skipview', 'hidebrowse', 'displaycoursestructure', 'hidetoc', 'nav', 'navpositionleft',
                'navpositiontop', 'displayattemptstatus', 'forcecompleted', 'forcenewattempt', 'lastattemptlock',
                'auto', 'masteryoverride', 'autocommit'] as $setting) {
            $info->$setting = $defaults->$setting ?? 0;
        }
        self::apply_settings($info, $params);
        $info = create_module($info);
        return get_coursemodule_from_id('scorm', $info->coursemodule, $course->id, false, MUST_EXIST);
    }

    /**
     * Update the activity in place, replacing the package only when a new one was sent.
     *
     * @param \stdClass $course
     * @param \stdClass $cm the course module found by idnumber
     * @param array $params validated parameters
     */
    private static function update_activity(\stdClass $course, \stdClass $cm, array $params): void {
        global $DB;
        [$cm, $context, $module, $data, $cw] = get_moduleinfo_data($cm, $course);
        $scorm = $DB->get_record('scorm', ['id' => $cm->instance], '*', MUST_EXIST);
        $itemid = $data->introeditor['itemid'] ?? file_get_unused_draft_itemid();
        $data->introeditor = ['text' => $params['intro'], 'format' => FORMAT_HTML, 'itemid' => $itemid];
        self::apply_settings($data, $params);
        // Completion settings are applied only when unlocked; Moodle then recomputes
        // learners' completion from their tracks, which stay untouched.
        $data->completionunlocked = (int)$cm->completion !== (int)$data->completion
            || (int)$scorm->completionstatusrequired !== (int)$data->completionstatusrequired
            || (int)$scorm->completionscorerequired !== (int)$data->completionscorerequired
            || (int)$scorm->completionstatusallscos !== (int)$data->completionstatusallscos;
        update_module($data);

        \local_scormsync\activity::place_in_section($course, $cm, $params['section'], 'scorm');
    }
}
