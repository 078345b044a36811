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
 * The e-learning register of a course: each enrolled learner's activity sessions, log-ins and
 * log-outs in a time window, worked out in the database from the standard log store, a page at a time.
 *
 * A session is a run of one learner's events in one activity with no gap longer than the idle gap;
 * a SCO's launch (mod_scorm's sco_launched, which names the SCO) or joining a BigBlueButton
 * meeting starts a new one, unless it follows the activity's view page, which is the same visit;
 * in a meeting (from meeting_joined) no gap splits it, as BigBlueButton logs nothing until the
 * learner leaves. It ended with a finish when it holds a status_submitted event (Moodle logs one
 * only when the SCO reports completed, passed or failed: its final status) or a meeting_left,
 * else with a log-out within the idle gap after its last event, else with the learner's next
 * session when that began within the gap, else by time-out.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_sessions extends external_api {
    /** Events of mod_scorm and core the register reads. */
    private const LAUNCHED = '\\mod_scorm\\event\\sco_launched';
    private const VIEWED = '\\mod_scorm\\event\\course_module_viewed';
    private const STATUS = '\\mod_scorm\\event\\status_submitted';
    private const JOINED = '\\mod_bigbluebuttonbn\\event\\meeting_joined';
    private const LEFT = '\\mod_bigbluebuttonbn\\event\\meeting_left';
    private const MEETING_VIEWED = '\\mod_bigbluebuttonbn\\event\\course_module_viewed';
    private const LOGIN = '\\core\\event\\user_loggedin';
    private const LOGOUT = '\\core\\event\\user_loggedout';
    /** The most entries one page may hold. */
    private const MAX_PERPAGE = 5000;

    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'timefrom' => new external_value(PARAM_INT, 'Window start (Unix time, included)'),
            'timeto' => new external_value(PARAM_INT, 'Window end (Unix time, included)'),
            'idlegap' => new external_value(PARAM_INT, 'Seconds without events that end a session', VALUE_DEFAULT, 1800),
            'page' => new external_value(PARAM_INT, 'Page number, from 0', VALUE_DEFAULT, 0),
            'perpage' => new external_value(PARAM_INT, 'Entries per page', VALUE_DEFAULT, 1000),
        ]);
    }

    /**
     * One page of the register's entries, ordered by learner, start and kind.
     *
     * @param int $courseid
     * @param int $timefrom
     * @param int $timeto
     * @param int $idlegap
     * @param int $page
     * @param int $perpage
     * @return array
     */
    public static function execute(int $courseid, int $timefrom, int $timeto, int $idlegap = 1800,
            int $page = 0, int $perpage = 1000): array {
        global $DB;
        $params = self::validate_parameters(self::execute_parameters(), ['courseid' => $courseid,
            'timefrom' => $timefrom, 'timeto' => $timeto, 'idlegap' => $idlegap, 'page' => $page,
            'perpage' => $perpage]);
        $course = get_course($params['courseid']);
        $context = \context_course::instance($course->id);
        self::validate_context($context);
        if (!has_capability('report/log:view', $context)) {
            require_capability('local/scormsync:viewreport', $context);
        }
        if ($params['idlegap'] < 60 || $params['page'] < 0 || $params['perpage'] < 1
                || $params['perpage'] > self::MAX_PERPAGE || $params['timeto'] < $params['timefrom']) {
            throw new \invalid_parameter_exception('idlegap >= 60, page >= 0, 1 <= perpage <= '
                . self::MAX_PERPAGE . ', timefrom <= timeto');
        }
        [$sql, $sqlparams] = self::entries_sql($context, $course->id, $params);
        $rows = $DB->get_recordset_sql($sql, $sqlparams, $params['page'] * $params['perpage'],
            $params['perpage'] + 1);
        $modinfo = get_fast_modinfo($course);
        $cms = $modinfo->get_cms();
        $entries = [];
        foreach ($rows as $row) {
            $cmid = (int)$row->cmid;
            $entries[] = ['userid' => (int)$row->userid, 'kind' => $row->kind, 'cmid' => $cmid,
                'modname' => isset($cms[$cmid]) ? $cms[$cmid]->modname : '',
                'name' => isset($cms[$cmid]) ? $cms[$cmid]->get_formatted_name() : '',
                'scoid' => (int)$row->scoid, 'timestart' => (int)$row->timestart, 'timeend' => (int)$row->timeend,
                'events' => (int)$row->events, 'ended' => $row->ended];
        }
        $rows->close();
        $hasmore = count($entries) > $params['perpage'];
        return ['courseid' => (int)$course->id, 'page' => $params['page'], 'perpage' => $params['perpage'],
            'hasmore' => $hasmore, 'entries' => array_slice($entries, 0, $params['perpage']),
            'warnings' => []];
    }

    /**
     * The query of every entry of the window: sessions grouped with window functions (LAG to find
     * where each begins, a running SUM to number them, LEAD for what followed), and log-ins and
     * log-outs, for the learners enrolled with the capability to save SCORM tracks.
     *
     * @param \context_course $context
     * @param int $courseid
     * @param array $params the validated parameters
     * @return array [sql, parameters]
     */
    private static function entries_sql(\context_course $context, int $courseid, array $params): array {
        [$enrolled1, $enrolparams1] = get_enrolled_sql($context, 'mod/scorm:savetrack');
        [$enrolled2, $enrolparams2] = get_enrolled_sql($context, 'mod/scorm:savetrack');
        $gap = (int)$params['idlegap'];
        $events = "SELECT l.id, l.userid, l.contextinstanceid AS cmid, l.eventname, l.objectid, l.timecreated,
                          CASE WHEN LAG(l.timecreated) OVER (PARTITION BY l.userid, l.contextinstanceid
                                        ORDER BY l.timecreated, l.id) IS NULL
                                 OR (l.timecreated - LAG(l.timecreated) OVER (PARTITION BY l.userid,
                                        l.contextinstanceid ORDER BY l.timecreated, l.id) > $gap
                                     AND COALESCE(LAG(l.eventname) OVER (PARTITION BY l.userid,
                                        l.contextinstanceid ORDER BY l.timecreated, l.id), '') <> :joined1)
                                 OR (l.eventname IN (:launched1, :joined2) AND COALESCE(LAG(l.eventname) OVER (
                                        PARTITION BY l.userid, l.contextinstanceid
                                        ORDER BY l.timecreated, l.id), '') NOT IN (:viewed, :meetingviewed))
                               THEN 1 ELSE 0 END AS isstart
                     FROM {logstore_standard_log} l
                    WHERE l.courseid = :courseid1 AND l.contextlevel = :modulelevel
                          AND l.timecreated >= :from1 AND l.timecreated <= :to1
                          AND l.anonymous = 0 AND l.realuserid IS NULL
                          AND l.userid IN ($enrolled1)";
        $numbered = "SELECT e.*, SUM(e.isstart) OVER (PARTITION BY e.userid, e.cmid
                                ORDER BY e.timecreated, e.id ROWS UNBOUNDED PRECEDING) AS sessionno
                       FROM ($events) e";
        $sessions = "SELECT n.userid, n.cmid, MIN(n.timecreated) AS timestart, MAX(n.timecreated) AS timeend,
                            COUNT(1) AS events,
                            MAX(CASE WHEN n.eventname = :launched2 THEN n.objectid ELSE 0 END) AS scoid,
                            MAX(CASE WHEN n.eventname IN (:status, :leftmeeting) THEN 1 ELSE 0 END) AS finished,
                            LEAD(MIN(n.timecreated)) OVER (PARTITION BY n.userid
                                ORDER BY MIN(n.timecreated), n.cmid) AS nextstart
                       FROM ($numbered) n
                   GROUP BY n.userid, n.cmid, n.sessionno";
        $ended = "CASE WHEN s.finished = 1 THEN 'finish'
                       WHEN EXISTS (SELECT 1 FROM {logstore_standard_log} o
                                     WHERE o.userid = s.userid AND o.eventname = :logout1
                                           AND o.timecreated >= s.timeend AND o.timecreated <= s.timeend + $gap)
                            THEN 'logout'
                       WHEN s.nextstart IS NOT NULL AND s.nextstart - s.timeend <= $gap THEN 'next'
                       ELSE 'timeout' END";
        $sql = "SELECT s.userid, 'session' AS kind, s.cmid, s.scoid, s.timestart, s.timeend, s.events,
                       $ended AS ended, 1 AS kindorder
                  FROM ($sessions) s
             UNION ALL
                SELECT a.userid, CASE WHEN a.eventname = :login1 THEN 'login' ELSE 'logout' END AS kind,
                       0 AS cmid, 0 AS scoid, a.timecreated AS timestart, a.timecreated AS timeend, 1 AS events,
                       '' AS ended, CASE WHEN a.eventname = :login2 THEN 0 ELSE 2 END AS kindorder
                  FROM {logstore_standard_log} a
                 WHERE a.eventname IN (:login3, :logout2) AND a.timecreated >= :from2 AND a.timecreated <= :to2
                       AND a.userid IN ($enrolled2)
              ORDER BY userid, timestart, kindorder, cmid";
        $sqlparams = ['launched1' => self::LAUNCHED, 'launched2' => self::LAUNCHED, 'viewed' => self::VIEWED,
            'status' => self::STATUS, 'joined1' => self::JOINED, 'joined2' => self::JOINED,
            'leftmeeting' => self::LEFT, 'meetingviewed' => self::MEETING_VIEWED, 'logout1' => self::LOGOUT,
            'logout2' => self::LOGOUT,
            'login1' => self::LOGIN, 'login2' => self::LOGIN, 'login3' => self::LOGIN,
            'courseid1' => $courseid, 'modulelevel' => CONTEXT_MODULE, 'from1' => $params['timefrom'],
            'to1' => $params['timeto'], 'from2' => $params['timefrom'], 'to2' => $params['timeto']];
        return [$sql, $sqlparams + $enrolparams1 + $enrolparams2];
    }

    /**
     * What the function returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'courseid' => new external_value(PARAM_INT, 'Course id'),
            'page' => new external_value(PARAM_INT, 'This page, from 0'),
            'perpage' => new external_value(PARAM_INT, 'Entries per page'),
            'hasmore' => new external_value(PARAM_BOOL, 'Whether more pages follow'),
            'entries' => new external_multiple_structure(new external_single_structure([
                'userid' => new external_value(PARAM_INT, 'Learner id'),
                'kind' => new external_value(PARAM_ALPHA, 'session, login or logout'),
                'cmid' => new external_value(PARAM_INT, 'Course module of a session (0 otherwise)'),
                'modname' => new external_value(PARAM_PLUGIN, 'Its module (scorm, quiz...), empty if deleted'),
                'name' => new external_value(PARAM_TEXT, 'Its name, empty if deleted'),
                'scoid' => new external_value(PARAM_INT, 'The SCO launched in the session (0 if none)'),
                'timestart' => new external_value(PARAM_INT, 'First event (Unix time)'),
                'timeend' => new external_value(PARAM_INT, 'Last event (Unix time)'),
                'events' => new external_value(PARAM_INT, 'Events in the session'),
                'ended' => new external_value(PARAM_ALPHA, 'finish, logout, next or timeout; empty for log-ins/outs'),
            ]), 'Sessions, log-ins and log-outs by learner and time'),
            'warnings' => new external_warnings(),
        ]);
    }
}
