<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

namespace local_scormsync\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use core_external\external_warnings;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->dirroot . '/mod/assign/locallib.php');
require_once($CFG->dirroot . '/grade/grading/lib.php');

/**
 * Create or update the assignment with a given idnumber: description and its files, settings, grade to pass,
 * completion and rubric.
 *
 * Found by idnumber and updated in place, so learners' submissions and grades survive; the rubric
 * is rewritten only when it differs from the stored one, its criteria and levels kept by position. The
 * description's files (a task's materials, which it names as @@PLUGINFILE@@/path) are saved from the caller's
 * draft area as the activity form saves them: the description keeps exactly the draft's files.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class save_assign extends external_api {
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
                'Draft item holding the description\'s files, each in its folder (webservice/upload.php); 0: no files',
                VALUE_DEFAULT, 0),
            'onlinetext' => new external_value(PARAM_INT, '1: online text submissions', VALUE_DEFAULT, 0),
            'maxfiles' => new external_value(PARAM_INT, 'Most files per submission; 0: no file submissions',
                VALUE_DEFAULT, 0),
            'maxsizebytes' => new external_value(PARAM_INT, 'Largest file, in bytes', VALUE_DEFAULT, 0),
            'filetypes' => new external_value(PARAM_RAW_TRIMMED, 'Accepted file types, like ".pdf,.docx"; empty: any',
                VALUE_DEFAULT, ''),
            'duedate' => new external_value(PARAM_INT, 'Due date, a timestamp; 0 for none', VALUE_DEFAULT, 0),
            'grade' => new external_value(PARAM_FLOAT, 'Maximum grade, 1 to 100'),
            'gradepass' => new external_value(PARAM_FLOAT, 'Grade to pass'),
            'rubric' => new external_multiple_structure(new external_single_structure([
                'description' => new external_value(PARAM_RAW, 'Criterion'),
                'levels' => new external_multiple_structure(new external_single_structure([
                    'score' => new external_value(PARAM_FLOAT, 'Points'),
                    'definition' => new external_value(PARAM_RAW, 'What the level asks'),
                ])),
            ]), 'Rubric criteria in order; empty: simple direct grading', VALUE_DEFAULT, []),
            'visible' => new external_value(PARAM_INT, '1 shown to learners, 0 hidden', VALUE_DEFAULT, 1),
        ]);
    }

    /**
     * Create or update the assignment.
     *
     * @param int $courseid
     * @param int $section
     * @param string $idnumber
     * @param string $name
     * @param string $intro
     * @param int $draftitemid
     * @param int $onlinetext
     * @param int $maxfiles
     * @param int $maxsizebytes
     * @param string $filetypes
     * @param int $duedate
     * @param float $grade
     * @param float $gradepass
     * @param array $rubric
     * @param int $visible
     * @return array
     */
    public static function execute(int $courseid, int $section, string $idnumber, string $name, string $intro = '',
            int $draftitemid = 0, int $onlinetext = 0, int $maxfiles = 0, int $maxsizebytes = 0, string $filetypes = '',
            int $duedate = 0, float $grade = 100, float $gradepass = 0, array $rubric = [], int $visible = 1): array {
        $params = self::validate_parameters(self::execute_parameters(), [
            'courseid' => $courseid, 'section' => $section, 'idnumber' => $idnumber, 'name' => $name,
            'intro' => $intro, 'draftitemid' => $draftitemid, 'onlinetext' => $onlinetext, 'maxfiles' => $maxfiles,
            'maxsizebytes' => $maxsizebytes, 'filetypes' => $filetypes, 'duedate' => $duedate, 'grade' => $grade,
            'gradepass' => $gradepass, 'rubric' => $rubric, 'visible' => $visible,
        ]);
        self::check_values($params);

        $course = get_course($params['courseid']);
        $context = \context_course::instance($course->id);
        self::validate_context($context);
        require_capability('local/scormsync:deploy', $context);
        require_capability('moodle/course:manageactivities', $context);
        $params['introitemid'] = self::intro_draft($params['draftitemid']);

        $cm = \local_scormsync\activity::find((int)$course->id, $params['idnumber'], 'assign');
        if ($cm) {
            self::update_activity($course, $cm, $params);
            $created = false;
        } else {
            require_capability('mod/assign:addinstance', $context);
            $cm = self::create_activity($course, $params);
            $created = true;
        }
        $modcontext = \context_module::instance($cm->id);
        if ($params['rubric']) {
            require_capability('moodle/grade:managegradingforms', $modcontext);
        }
        self::save_rubric($modcontext, $params['rubric']);
        return ['cmid' => (int)$cm->id, 'assignid' => (int)$cm->instance, 'created' => $created, 'warnings' => []];
    }

    /**
     * What the function returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'cmid' => new external_value(PARAM_INT, 'Course module id'),
            'assignid' => new external_value(PARAM_INT, 'Assignment instance id'),
            'created' => new external_value(PARAM_BOOL, 'True if the activity was created, false if updated'),
            'warnings' => new external_warnings(),
        ]);
    }

    /**
     * Refuse values outside what the assignment settings allow, as the form would.
     *
     * @param array $params validated parameters
     */
    private static function check_values(array $params): void {
        $problems = \local_scormsync\activity::naming_problems($params);
        if (!in_array($params['onlinetext'], [0, 1], true) || !in_array($params['visible'], [0, 1], true)) {
            $problems[] = 'onlinetext and visible must be 0 or 1';
        }
        if ($params['maxfiles'] < 0 || $params['maxfiles'] > 20 || $params['maxsizebytes'] < 0) {
            $problems[] = 'maxfiles must be 0 to 20 and maxsizebytes not negative';
        }
        if (!$params['onlinetext'] && !$params['maxfiles']) {
            $problems[] = 'an assignment takes online text, files or both';
        }
        if ($params['grade'] < 1 || $params['grade'] > 100 || $params['gradepass'] < 0
                || $params['gradepass'] > $params['grade']) {
            $problems[] = 'grade must be 1 to 100 and gradepass between 0 and grade';
        }
        if ($params['duedate'] < 0) {
            $problems[] = 'duedate must not be negative';
        }
        $top = 0;
        foreach ($params['rubric'] as $criterion) {
            $scores = array_column($criterion['levels'], 'score');
            if (count($scores) < 2 || trim($criterion['description']) === '') {
                $problems[] = 'each rubric criterion needs a description and at least two levels';
                continue;
            }
            $top += max($scores);
        }
        if ($params['rubric'] && abs($top - $params['grade']) > 0.00001) {
            $problems[] = 'the rubric\'s top levels must add up to the grade';
        }
        if ($problems) {
            throw new \invalid_parameter_exception(implode('; ', $problems));
        }
    }

    /**
     * The draft item whose files the description keeps: the caller's draft, checked; for none, a new empty one.
     *
     * Each file must be a plain upload whose folder and name are as Moodle cleans them (PARAM_PATH, PARAM_FILE):
     * the description names it by that path.
     *
     * @param int $draftitemid 0 for a description without files
     * @return int
     */
    private static function intro_draft(int $draftitemid): int {
        global $USER;
        if ($draftitemid === 0) {
            return file_get_unused_draft_itemid();
        }
        $usercontext = \context_user::instance($USER->id);
        $files = get_file_storage()->get_area_files($usercontext->id, 'user', 'draft', $draftitemid,
            'filepath, filename', false);
        if (!$files) {
            throw new \invalid_parameter_exception('the draft area ' . $draftitemid . ' of the caller holds no files');
        }
        foreach ($files as $file) {
            $path = $file->get_filepath();
            $name = $file->get_filename();
            // A clean folder has no '.' or '..' in it (PARAM_PATH drops them) and starts and ends with '/'.
            $clean = $path === clean_param($path, PARAM_PATH) && str_starts_with($path, '/')
                && str_ends_with($path, '/') && $name !== '' && $name === clean_param($name, PARAM_FILE);
            if (!$clean || $file->is_external_file()) {
                throw new \invalid_parameter_exception('the draft\'s file ' . s($path . $name)
                    . ' is not a plain file with a clean folder and name');
            }
        }
        return $draftitemid;
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
        $info->duedate = $params['duedate'];
        $info->grade = $params['grade'];
        $info->gradepass = $params['gradepass'];
        $info->assignsubmission_onlinetext_enabled = $params['onlinetext'];
        $info->assignsubmission_onlinetext_wordlimit_enabled = 0;
        $info->assignsubmission_onlinetext_wordlimit = 0;
        $info->assignsubmission_file_enabled = $params['maxfiles'] > 0 ? 1 : 0;
        $info->assignsubmission_file_maxfiles = max(1, $params['maxfiles']);
        $info->assignsubmission_file_maxsizebytes = $params['maxsizebytes'];
        $info->assignsubmission_file_filetypes = $params['filetypes'];
        $info->assignfeedback_comments_enabled = 1;
        $info->assignfeedback_comments_commentinline = 0;
        // Complete when the learner receives a grade, and a passing one.
        $info->completion = COMPLETION_TRACKING_AUTOMATIC;
        $info->completionusegrade = 1;
        $info->completionpassgrade = 1;
        $info->completionsubmit = 0;
        $info->completionview = COMPLETION_VIEW_NOT_REQUIRED;
        $info->completionexpected = 0;
        $info->advancedgradingmethod_submissions = $params['rubric'] ? 'rubric' : '';
    }

    /**
     * Add a new assignment in the requested section, with the settings of the activity form's defaults.
     *
     * @param \stdClass $course
     * @param array $params validated parameters
     * @return \stdClass the course module
     */
    private static function create_activity(\stdClass $course, array $params): \stdClass {
        course_create_sections_if_missing($course, $params['section']);
        $info = (object) [
            'modulename' => 'assign',
            'course' => $course->id,
            'section' => $params['section'],
            'introeditor' => ['text' => $params['intro'], 'format' => FORMAT_HTML, 'itemid' => $params['introitemid']],
            'showdescription' => 0,
            'visibleoncoursepage' => 1,
            'groupmode' => 0,
            'groupingid' => 0,
            'alwaysshowdescription' => 1,
            'submissiondrafts' => 1,
            'requiresubmissionstatement' => 0,
            'sendnotifications' => 0,
            'sendlatenotifications' => 0,
            'sendstudentnotifications' => 1,
            'allowsubmissionsfromdate' => 0,
            'cutoffdate' => 0,
            'gradingduedate' => 0,
            'teamsubmission' => 0,
            'requireallteammemberssubmit' => 0,
            'teamsubmissiongroupingid' => 0,
            'preventsubmissionnotingroup' => 0,
            'blindmarking' => 0,
            'hidegrader' => 0,
            'attemptreopenmethod' => 'untilpass',
            'maxattempts' => -1,
            'markingworkflow' => 0,
            'markingallocation' => 0,
            'markinganonymous' => 0,
            'activityformat' => 0,
            'timelimit' => 0,
            'submissionattachments' => 0,
            'assignfeedback_file_enabled' => 0,
            'assignfeedback_offline_enabled' => 0,
        ];
        self::apply_settings($info, $params);
        $info = create_module($info);
        return get_coursemodule_from_id('assign', $info->coursemodule, $course->id, false, MUST_EXIST);
    }

    /**
     * Update the assignment in place; submissions and grades are untouched.
     *
     * @param \stdClass $course
     * @param \stdClass $cm the course module found by idnumber
     * @param array $params validated parameters
     */
    private static function update_activity(\stdClass $course, \stdClass $cm, array $params): void {
        [$cm, $context, $module, $data, $cw] = get_moduleinfo_data($cm, $course);
        // The description's files become the draft's, as the form saves its editor's draft.
        $data->introeditor = ['text' => $params['intro'], 'format' => FORMAT_HTML, 'itemid' => $params['introitemid']];
        $before = clone $data;
        self::apply_settings($data, $params);
        // Completion settings are applied only when unlocked; Moodle then recomputes completion.
        $data->completionunlocked = (int)$cm->completion !== (int)$data->completion
            || (int)($before->completionusegrade ?? 0) !== 1
            || (int)($before->completionpassgrade ?? 0) !== 1
            || (int)($before->completionsubmit ?? 0) !== 0;
        update_module($data);

        \local_scormsync\activity::place_in_section($course, $cm, $params['section'], 'assign');
    }

    /**
     * The rubric as the assignment's grading method, rewritten only when it differs from the stored one.
     *
     * @param \context_module $context
     * @param array $rubric criteria in order, each with its levels in order
     */
    private static function save_rubric(\context_module $context, array $rubric): void {
        $manager = get_grading_manager($context, 'mod_assign', 'submissions');
        if (!$rubric) {
            if ($manager->get_active_method() !== null) {
                $manager->set_active_method('');
            }
            return;
        }
        if ($manager->get_active_method() !== 'rubric') {
            $manager->set_active_method('rubric');
        }
        $controller = $manager->get_controller('rubric');
        $current = $controller->get_definition();
        $stored = $current ? self::stored_rubric($current->rubric_criteria ?? []) : null;
        $ready = $current && (int)$current->status === \gradingform_controller::DEFINITION_STATUS_READY;
        if ($ready && $stored === self::wanted_rubric($rubric)) {
            return;
        }
        $existing = $current ? array_values($current->rubric_criteria ?? []) : [];
        $criteria = [];
        foreach ($rubric as $c => $criterion) {
            $old = $existing[$c] ?? null;
            $criterionid = $old ? $old['id'] : 'NEWID' . ($c + 1);
            $oldlevels = $old ? array_values($old['levels']) : [];
            $levels = [];
            foreach ($criterion['levels'] as $l => $level) {
                $levelid = isset($oldlevels[$l]) ? $oldlevels[$l]['id'] : 'NEWID' . ($l + 1);
                $levels[$levelid] = ['score' => $level['score'], 'definition' => $level['definition'],
                    'definitionformat' => FORMAT_PLAIN];
            }
            $criteria[$criterionid] = ['sortorder' => $c + 1, 'description' => $criterion['description'],
                'descriptionformat' => FORMAT_PLAIN, 'levels' => $levels];
        }
        $definition = (object) [
            'name' => get_string('pluginname', 'gradingform_rubric'),
            'description_editor' => ['text' => '', 'format' => FORMAT_HTML],
            'status' => \gradingform_controller::DEFINITION_STATUS_READY,
            'rubric' => ['criteria' => $criteria, 'options' => \gradingform_rubric_controller::get_default_options()],
        ];
        $controller->update_definition($definition);
    }

    /**
     * The stored rubric in the form of the request, to compare them.
     *
     * @param array $criteria the controller's rubric_criteria, by id in sort order
     * @return array
     */
    public static function stored_rubric(array $criteria): array {
        $rubric = [];
        foreach ($criteria as $criterion) {
            $levels = [];
            foreach ($criterion['levels'] as $level) {
                $levels[] = ['score' => (float)$level['score'], 'definition' => (string)$level['definition']];
            }
            $rubric[] = ['description' => (string)$criterion['description'], 'levels' => $levels];
        }
        return $rubric;
    }

    /**
     * The requested rubric with its scores as floats, to compare with the stored one.
     *
     * @param array $rubric
     * @return array
     */
    private static function wanted_rubric(array $rubric): array {
        return array_map(fn($criterion) => [
            'description' => (string)$criterion['description'],
            'levels' => array_map(fn($level) => ['score' => (float)$level['score'],
                'definition' => (string)$level['definition']], $criterion['levels']),
        ], $rubric);
    }
}
