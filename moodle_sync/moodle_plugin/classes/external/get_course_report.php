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

/**
 * One course's SCORM tracks in a single call: per learner, SCO and attempt, the stored values as they are.
 *
 * Core offers the same data one learner, SCO and attempt at a time; reading it for a whole
 * edition that way takes thousands of calls. The values are not interpreted here (no status,
 * score or time is worked out): moodle-sync validates and reads them, in one place.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_course_report extends external_api {
    /** The elements moodle-sync reads, SCORM 1.2 and 2004. */
    private const ELEMENTS = ['cmi.core.lesson_status', 'cmi.completion_status', 'cmi.success_status',
        'cmi.core.score.raw', 'cmi.core.score.min', 'cmi.core.score.max', 'cmi.score.raw', 'cmi.score.min',
        'cmi.score.max', 'cmi.score.scaled', 'cmi.core.total_time', 'cmi.total_time', 'cmi.core.session_time',
        'cmi.session_time', 'x.start.time'];

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
     * The report.
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
        require_capability('local/scormsync:viewreport', $context);

        $cms = [];
        foreach (get_fast_modinfo($course)->get_instances_of('scorm') as $cm) {
            require_capability('mod/scorm:viewreport', $cm->context);
            $cms[(int)$cm->instance] = $cm;
        }
        $learners = get_enrolled_users($context, 'mod/scorm:savetrack', 0, 'u.id', 'u.id');
        $report = ['courseid' => (int)$course->id, 'rows' => [], 'warnings' => []];
        if (!$cms || !$learners) {
            return $report;
        }
        [$insql, $inparams] = $DB->get_in_or_equal(array_keys($cms), SQL_PARAMS_NAMED, 'scorm');
        $tracks = self::read_tracks($insql, $inparams);
        $modified = self::read_modified($insql, $inparams);
        ksort($tracks);
        foreach ($tracks as $userid => $ofuser) {
            if (!isset($learners[$userid])) {
                continue; // Tracks of someone no longer enrolled as a learner.
            }
            ksort($ofuser);
            foreach ($ofuser as $scoid => $attempts) {
                $report['rows'][] = ['userid' => $userid, 'scoid' => $scoid,
                    'tracks' => self::raw_attempts($attempts, $modified[$userid][$scoid] ?? [])];
            }
        }
        return $report;
    }

    /**
     * The tracks that matter, by learner, SCO and attempt, in one query.
     *
     * @param string $insql the SCORM ids condition
     * @param array $inparams its parameters
     * @return array userid => scoid => attempt => element => ['value' => ..., 'time' => ...]
     */
    private static function read_tracks(string $insql, array $inparams): array {
        global $DB;
        [$elsql, $elparams] = $DB->get_in_or_equal(self::ELEMENTS, SQL_PARAMS_NAMED, 'element');
        $sql = "SELECT v.id, a.userid, a.attempt, v.scoid, e.element, v.value, v.timemodified
                  FROM {scorm_attempt} a
                  JOIN {scorm_scoes_value} v ON v.attemptid = a.id
                  JOIN {scorm_element} e ON e.id = v.elementid
                 WHERE a.scormid $insql AND e.element $elsql";
        $tracks = [];
        $rows = $DB->get_recordset_sql($sql, $inparams + $elparams);
        foreach ($rows as $row) {
            $tracks[(int)$row->userid][(int)$row->scoid][(int)$row->attempt][$row->element] =
                ['value' => (string)$row->value, 'time' => (int)$row->timemodified];
        }
        $rows->close();
        return $tracks;
    }

    /**
     * When each learner's attempt at each SCO last changed: the latest of all its elements, as core's
     * mod_scorm_get_scorm_sco_tracks reports it in `timemodified`.
     *
     * @param string $insql the SCORM ids condition
     * @param array $inparams its parameters
     * @return array userid => scoid => attempt => Unix time
     */
    private static function read_modified(string $insql, array $inparams): array {
        global $DB;
        $sql = "SELECT a.userid, v.scoid, a.attempt, MAX(v.timemodified) AS timemodified
                  FROM {scorm_attempt} a
                  JOIN {scorm_scoes_value} v ON v.attemptid = a.id
                 WHERE a.scormid $insql
              GROUP BY a.userid, v.scoid, a.attempt";
        $modified = [];
        $rows = $DB->get_recordset_sql($sql, $inparams);
        foreach ($rows as $row) {
            $modified[(int)$row->userid][(int)$row->scoid][(int)$row->attempt] = (int)$row->timemodified;
        }
        $rows->close();
        return $modified;
    }

    /**
     * Each attempt's stored values as they are, unvalidated, so the client checks them itself.
     *
     * @param array $attempts attempt => element => ['value' => ..., 'time' => ...]
     * @param array $modified attempt => Unix time of the latest change
     * @return array
     */
    private static function raw_attempts(array $attempts, array $modified): array {
        ksort($attempts);
        $raw = [];
        foreach ($attempts as $attempt => $elements) {
            ksort($elements);
            $raw[] = ['attempt' => (int)$attempt, 'timemodified' => $modified[$attempt] ?? 0,
                'elements' => array_map(fn($name, $track) => ['element' => $name, 'value' => $track['value']],
                    array_keys($elements), $elements)];
        }
        return $raw;
    }

    /**
     * What the function returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'rows' => new external_multiple_structure(new external_single_structure([
                'userid' => new external_value(PARAM_INT, 'Learner id'),
                'scoid' => new external_value(PARAM_INT, 'SCO id'),
                'tracks' => new external_multiple_structure(new external_single_structure([
                    'attempt' => new external_value(PARAM_INT, 'Attempt number'),
                    'timemodified' => new external_value(PARAM_INT, 'Latest change to the attempt (Unix time)'),
                    'elements' => new external_multiple_structure(new external_single_structure([
                        'element' => new external_value(PARAM_RAW, 'Element name'),
                        'value' => new external_value(PARAM_RAW, 'Value as stored, unvalidated'),
                    ])),
                ]), 'Stored values of the elements moodle-sync reads, per attempt'),
            ]), 'One row per learner and SCO with tracks'),
            'warnings' => new external_warnings(),
        ]);
    }
}
