<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

namespace local_scormsync;

/**
 * What the plugin's save functions share: an activity found again by its idnumber, the checks of its name,
 * its place in the course.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class activity {
    /**
     * The course module with this idnumber in the course, if any; it must be of module $modname.
     *
     * @param int $courseid
     * @param string $idnumber
     * @param string $modname 'scorm' or 'assign'
     * @return \stdClass|null
     */
    public static function find(int $courseid, string $idnumber, string $modname): ?\stdClass {
        global $DB;
        $sql = "SELECT cm.*, m.name AS modname
                  FROM {course_modules} cm
                  JOIN {modules} m ON m.id = cm.module
                 WHERE cm.course = :courseid AND cm.idnumber = :idnumber";
        $found = $DB->get_records_sql($sql, ['courseid' => $courseid, 'idnumber' => $idnumber]);
        if (count($found) > 1) {
            throw new \moodle_exception('idnumbernotunique', 'local_scormsync', '', $idnumber);
        }
        $cm = reset($found);
        if ($cm && $cm->modname !== $modname) {
            if ($modname === 'assign') {
                throw new \moodle_exception('idnumbernotassign', 'local_scormsync', '', $idnumber);
            }
            throw new \moodle_exception('idnumbernotscorm', 'local_scormsync', '', $idnumber);
        }
        return $cm ?: null;
    }

    /**
     * Put the course module in the course's section numbered $section, adding the sections up to
     * it when the course has fewer; a module already there stays where it is in the section.
     *
     * @param \stdClass $course
     * @param \stdClass $cm the course module
     * @param int $section the section's number in the course
     * @param string $modname 'scorm' or 'assign'
     */
    public static function place_in_section(\stdClass $course, \stdClass $cm, int $section, string $modname): void {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/course/lib.php');
        course_create_sections_if_missing($course, $section);
        $target = $DB->get_record('course_sections', ['course' => $course->id, 'section' => $section], '*', MUST_EXIST);
        if ((int)$cm->section !== (int)$target->id) {
            moveto_module(get_coursemodule_from_id($modname, $cm->id, $course->id, false, MUST_EXIST), $target);
        }
    }

    /**
     * Problems with the idnumber, name and section of a request, as the activity form would refuse them.
     *
     * @param array $params validated parameters with idnumber, name and section
     * @return string[]
     */
    public static function naming_problems(array $params): array {
        $problems = [];
        if ($params['idnumber'] === '' || \core_text::strlen($params['idnumber']) > 100) {
            $problems[] = 'idnumber must have 1 to 100 characters';
        }
        if (trim($params['name']) === '' || \core_text::strlen($params['name']) > 255) {
            $problems[] = 'name must have 1 to 255 characters';
        }
        if ($params['section'] < 0) {
            $problems[] = 'section must not be negative';
        }
        return $problems;
    }
}
