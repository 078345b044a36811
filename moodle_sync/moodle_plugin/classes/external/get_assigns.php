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
require_once($CFG->dirroot . '/grade/grading/lib.php');
require_once($CFG->libdir . '/gradelib.php');

/**
 * The assignments of a course with an idnumber, as stored: what save_assign writes, read raw to compare.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_assigns extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
        ]);
    }

    /**
     * Read the course's assignments that have an idnumber.
     *
     * @param int $courseid
     * @return array
     */
    public static function execute(int $courseid): array {
        global $DB;
        $params = self::validate_parameters(self::execute_parameters(), ['courseid' => $courseid]);
        $course = get_course($params['courseid']);
        $context = \context_course::instance($course->id);
        self::validate_context($context);
        require_capability('local/scormsync:deploy', $context);
        require_capability('moodle/course:manageactivities', $context);

        $sql = "SELECT cm.id AS cmid, cm.idnumber, cm.completion, cm.completiongradeitemnumber,
                       cm.completionpassgrade, cs.section, a.*
                  FROM {course_modules} cm
                  JOIN {modules} m ON m.id = cm.module AND m.name = 'assign'
                  JOIN {assign} a ON a.id = cm.instance
                  JOIN {course_sections} cs ON cs.id = cm.section
                 WHERE cm.course = :courseid AND cm.idnumber <> '' AND cm.deletioninprogress = 0
              ORDER BY cm.id";
        $assigns = [];
        foreach ($DB->get_records_sql($sql, ['courseid' => $course->id]) as $row) {
            $config = $DB->get_records_menu('assign_plugin_config', ['assignment' => $row->id],
                '', "CONCAT(subtype, '_', plugin, '_', name) AS k, value");
            $item = \grade_item::fetch(['courseid' => $course->id, 'itemtype' => 'mod', 'itemmodule' => 'assign',
                'iteminstance' => $row->id, 'itemnumber' => 0]);
            $modcontext = \context_module::instance($row->cmid);
            $manager = get_grading_manager($modcontext, 'mod_assign', 'submissions');
            $method = (string)$manager->get_active_method();
            $rubric = [];
            $status = 0;
            if ($method === 'rubric') {
                $definition = $manager->get_controller('rubric')->get_definition();
                if ($definition) {
                    $rubric = self::rubric($definition->rubric_criteria ?? []);
                    $status = (int)$definition->status;
                }
            }
            $fileson = (int)($config['assignsubmission_file_enabled'] ?? 0);
            $assigns[] = [
                'cmid' => (int)$row->cmid,
                'assignid' => (int)$row->id,
                'idnumber' => (string)$row->idnumber,
                'section' => (int)$row->section,
                'name' => (string)$row->name,
                'intro' => (string)$row->intro,
                'onlinetext' => (int)($config['assignsubmission_onlinetext_enabled'] ?? 0),
                'maxfiles' => $fileson ? (int)($config['assignsubmission_file_maxfilesubmissions'] ?? 0) : 0,
                'maxsizebytes' => $fileson ? (int)($config['assignsubmission_file_maxsubmissionsizebytes'] ?? 0) : 0,
                'filetypes' => $fileson ? (string)($config['assignsubmission_file_filetypeslist'] ?? '') : '',
                'duedate' => (int)$row->duedate,
                'grade' => (float)$row->grade,
                'gradepass' => $item ? (float)$item->gradepass : 0.0,
                'completion' => (int)$row->completion,
                'completionusegrade' => $row->completiongradeitemnumber === null ? 0 : 1,
                'completionpassgrade' => (int)$row->completionpassgrade,
                'gradingmethod' => $method,
                'rubricstatus' => $status,
                'rubric' => $rubric,
            ];
        }
        return ['courseid' => (int)$course->id, 'assigns' => $assigns, 'warnings' => []];
    }

    /**
     * The stored rubric, criteria and levels in order, with their ids (a grader's filling names them).
     *
     * @param array $criteria the rubric controller's rubric_criteria
     * @return array
     */
    private static function rubric(array $criteria): array {
        $rubric = [];
        foreach ($criteria as $criterionid => $criterion) {
            $levels = [];
            foreach ($criterion['levels'] as $levelid => $level) {
                $levels[] = ['id' => (int)$levelid, 'score' => (float)$level['score'],
                    'definition' => (string)$level['definition']];
            }
            $rubric[] = ['id' => (int)$criterionid, 'description' => (string)$criterion['description'],
                'levels' => $levels];
        }
        return $rubric;
    }

    /**
     * What the function returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'assigns' => new external_multiple_structure(new external_single_structure([
                'cmid' => new external_value(PARAM_INT, 'Course module id'),
                'assignid' => new external_value(PARAM_INT, 'Assignment instance id'),
                'idnumber' => new external_value(PARAM_RAW, 'Activity idnumber'),
                'section' => new external_value(PARAM_INT, 'Section number'),
                'name' => new external_value(PARAM_RAW, 'Name, as stored'),
                'intro' => new external_value(PARAM_RAW, 'Description, as stored'),
                'onlinetext' => new external_value(PARAM_INT, '1: online text submissions'),
                'maxfiles' => new external_value(PARAM_INT, 'Most files per submission; 0: no file submissions'),
                'maxsizebytes' => new external_value(PARAM_INT, 'Largest file, in bytes'),
                'filetypes' => new external_value(PARAM_RAW, 'Accepted file types'),
                'duedate' => new external_value(PARAM_INT, 'Due date'),
                'grade' => new external_value(PARAM_FLOAT, 'Maximum grade'),
                'gradepass' => new external_value(PARAM_FLOAT, 'Grade to pass'),
                'completion' => new external_value(PARAM_INT, 'Completion tracking: 0 none, 1 manual, 2 automatic'),
                'completionusegrade' => new external_value(PARAM_INT, '1: complete when graded'),
                'completionpassgrade' => new external_value(PARAM_INT, '1: complete when passed'),
                'gradingmethod' => new external_value(PARAM_ALPHANUMEXT, 'Advanced grading method; empty: simple'),
                'rubricstatus' => new external_value(PARAM_INT, 'The rubric definition\'s status: 20 ready'),
                'rubric' => new external_multiple_structure(new external_single_structure([
                    'id' => new external_value(PARAM_INT, 'Criterion id'),
                    'description' => new external_value(PARAM_RAW, 'Criterion'),
                    'levels' => new external_multiple_structure(new external_single_structure([
                        'id' => new external_value(PARAM_INT, 'Level id'),
                        'score' => new external_value(PARAM_FLOAT, 'Points'),
                        'definition' => new external_value(PARAM_RAW, 'What the level asks'),
                    ])),
                ])),
            ])),
            'warnings' => new external_warnings(),
        ]);
    }
}
