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
 * One course's SCORM report in a single call: per learner and SCO, attempts, status, score, time, access.
 *
 * Core offers the same data one learner, SCO and attempt at a time; reading it for a
 * whole edition that way takes thousands of calls.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_course_report extends external_api {
    /** The elements the report reads, SCORM 1.2 and 2004. */
    private const ELEMENTS = ['cmi.core.lesson_status', 'cmi.completion_status', 'cmi.success_status',
        'cmi.core.score.raw', 'cmi.score.raw', 'cmi.core.total_time', 'cmi.total_time', 'x.start.time'];
    /** Statuses from worst to best: a row reports the best one over the attempts. */
    private const STATUS_RANK = ['notattempted', 'browsed', 'incomplete', 'failed', 'completed', 'passed'];

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
        $learners = get_enrolled_users($context, 'mod/scorm:savetrack', 0, 'u.id, u.username', 'u.username');
        $report = ['courseid' => (int)$course->id, 'scorms' => [], 'rows' => [], 'warnings' => []];
        if (!$cms) {
            return $report;
        }
        [$insql, $inparams] = $DB->get_in_or_equal(array_keys($cms), SQL_PARAMS_NAMED, 'scorm');
        $scoes = $DB->get_records_select('scorm_scoes', "scorm $insql AND scormtype = :sco",
            $inparams + ['sco' => 'sco'], 'scorm, sortorder, id', 'id, scorm, identifier, title');
        $tracks = self::read_tracks($insql, $inparams);

        foreach ($cms as $scormid => $cm) {
            $ofscorm = array_filter($scoes, fn($sco) => (int)$sco->scorm === $scormid);
            $report['scorms'][] = [
                'cmid' => (int)$cm->id,
                'scormid' => $scormid,
                'idnumber' => (string)$cm->idnumber,
                'name' => $cm->get_formatted_name(),
                'scoes' => array_values(array_map(fn($sco) => ['id' => (int)$sco->id, 'identifier' => $sco->identifier,
                    'title' => $sco->title], $ofscorm)),
            ];
            foreach ($ofscorm as $sco) {
                foreach ($learners as $learner) {
                    $attempts = $tracks[(int)$learner->id][(int)$sco->id] ?? [];
                    $report['rows'][] = ['userid' => (int)$learner->id, 'username' => $learner->username,
                        'cmid' => (int)$cm->id, 'scoid' => (int)$sco->id] + self::summarise($attempts);
                }
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
     * One row's figures from a learner's attempts at a SCO.
     *
     * @param array $attempts attempt => element => ['value' => ..., 'time' => ...]
     * @return array
     */
    private static function summarise(array $attempts): array {
        $status = 'notattempted';
        $score = null;
        $seconds = 0.0;
        $times = [];
        foreach ($attempts as $elements) {
            $value = fn(string ...$names) => array_reduce($names,
                fn($found, $name) => $found ?? ($elements[$name]['value'] ?? null), null);
            $status = self::better($status, self::attempt_status($value));
            $raw = $value('cmi.core.score.raw', 'cmi.score.raw');
            if (is_numeric($raw)) {
                $score = max($score ?? (float)$raw, (float)$raw);
            }
            $seconds += self::seconds((string)$value('cmi.core.total_time', 'cmi.total_time'));
            foreach ($elements as $name => $track) {
                $times[] = $track['time'];
                if ($name === 'x.start.time' && is_numeric($track['value'])) {
                    $times[] = (int)$track['value'];
                }
            }
        }
        return ['attempts' => count($attempts), 'status' => $status, 'score' => $score, 'totaltime' => $seconds,
            'firstaccess' => $times ? min($times) : 0, 'lastaccess' => $times ? max($times) : 0];
    }

    /**
     * An attempt's status: SCORM 1.2 lesson_status, or 2004 success status before completion status.
     *
     * @param callable $value first stored value among element names
     * @return string
     */
    private static function attempt_status(callable $value): string {
        $success = $value('cmi.success_status');
        if (in_array($success, ['passed', 'failed'], true)) {
            return $success;
        }
        $status = $value('cmi.core.lesson_status', 'cmi.completion_status');
        $status = $status === 'not attempted' ? 'notattempted' : $status;
        return in_array($status, self::STATUS_RANK, true) ? $status : 'incomplete';
    }

    /**
     * The better of two statuses.
     *
     * @param string $a
     * @param string $b
     * @return string
     */
    private static function better(string $a, string $b): string {
        return array_search($b, self::STATUS_RANK, true) > array_search($a, self::STATUS_RANK, true) ? $b : $a;
    }

    /**
     * Seconds in a SCORM 1.2 time (HHHH:MM:SS.SS) or a SCORM 2004 duration (PT1H2M3.5S); 0 otherwise.
     *
     * @param string $time
     * @return float
     */
    private static function seconds(string $time): float {
        if (preg_match('/^(\d{2,4}):([0-5]\d):([0-5]\d(?:\.\d{1,2})?)$/', $time, $m)) {
            return $m[1] * 3600 + $m[2] * 60 + (float)$m[3];
        }
        $pattern = '/^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/';
        if ($time !== 'P' && preg_match($pattern, $time, $m)) {
            $units = [1 => 31536000, 2 => 2592000, 3 => 86400, 4 => 3600, 5 => 60, 6 => 1];
            $total = 0.0;
            foreach ($units as $index => $unit) {
                $total += (float)($m[$index] ?? 0) * $unit;
            }
            return $total;
        }
        return 0.0;
    }

    /**
     * What the function returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'scorms' => new external_multiple_structure(new external_single_structure([
                'cmid' => new external_value(PARAM_INT, 'Course module id'),
                'scormid' => new external_value(PARAM_INT, 'SCORM instance id'),
                'idnumber' => new external_value(PARAM_RAW, 'Course module idnumber'),
                'name' => new external_value(PARAM_TEXT, 'Activity name'),
                'scoes' => new external_multiple_structure(new external_single_structure([
                    'id' => new external_value(PARAM_INT, 'SCO id'),
                    'identifier' => new external_value(PARAM_RAW, 'Identifier in the manifest'),
                    'title' => new external_value(PARAM_TEXT, 'SCO title'),
                ])),
            ])),
            'rows' => new external_multiple_structure(new external_single_structure([
                'userid' => new external_value(PARAM_INT, 'Learner id'),
                'username' => new external_value(PARAM_RAW, 'Learner username'),
                'cmid' => new external_value(PARAM_INT, 'Course module id'),
                'scoid' => new external_value(PARAM_INT, 'SCO id'),
                'attempts' => new external_value(PARAM_INT, 'Attempts with tracks'),
                'status' => new external_value(PARAM_ALPHA,
                    'Best status over the attempts: notattempted, browsed, incomplete, failed, completed or passed'),
                'score' => new external_value(PARAM_FLOAT, 'Highest raw score, null when none', VALUE_REQUIRED, null,
                    NULL_ALLOWED),
                'totaltime' => new external_value(PARAM_FLOAT, 'Total time in seconds, summed over the attempts'),
                'firstaccess' => new external_value(PARAM_INT, 'First access (Unix time), 0 when never'),
                'lastaccess' => new external_value(PARAM_INT, 'Last access (Unix time), 0 when never'),
            ])),
            'warnings' => new external_warnings(),
        ]);
    }
}
