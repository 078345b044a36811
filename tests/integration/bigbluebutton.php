<?php
// Usage (inside the site's chroot, as the web server's user, script on standard input):
//   php -- add COURSEID < bigbluebutton.php
//       adds a virtual classroom (mod_bigbluebuttonbn, which Moodle ships disabled: it is enabled first) named
//       "Aula virtuale" to the course; prints (last line) JSON {"cmid", "enabled" (whether it was enabled before)}.
//   php -- meet CMID USERNAME JOINED [LEFT] < bigbluebutton.php
//       the learner opens the activity's page and joins its meeting, then (LEFT given) leaves it, each event written
//       by mod_bigbluebuttonbn's own logger as its pages write them (view.php, bbb_view.php?action=join and
//       action=logout); as a meeting cannot be waited out here, the events written are then dated JOINED and LEFT
//       (Unix times) in the standard log. Prints (last line) JSON {"events": [[eventname, timecreated], ...]}.
//   php -- remove CMID ENABLED < bigbluebutton.php
//       deletes the activity, and disables the module again unless ENABLED is 1.
define('CLI_SCRIPT', true);
require('/opt/moodle/config.php');
require_once($CFG->dirroot . '/course/lib.php');

use mod_bigbluebuttonbn\instance;
use mod_bigbluebuttonbn\logger;

$action = $argv[1] ?? '';
if ($action === 'add') {
    $enabled = (bool)\core_plugin_manager::instance()->get_plugins_of_type('mod')['bigbluebuttonbn']->is_enabled();
    \core\plugininfo\mod::enable_plugin('bigbluebuttonbn', 1);
    require_once($CFG->dirroot . '/lib/phpunit/classes/util.php'); // The data generator, as tool_generator uses it.
    $generator = phpunit_util::get_data_generator();
    $activity = $generator->create_module('bigbluebuttonbn', ['course' => (int)$argv[2], 'name' => 'Aula virtuale']);
    echo json_encode(['cmid' => (int)$activity->cmid, 'enabled' => $enabled]), "\n";
} else if ($action === 'meet') {
    [$cmid, $username, $joined] = [(int)$argv[2], $argv[3], (int)$argv[4]];
    $left = isset($argv[5]) ? (int)$argv[5] : null;
    $user = $DB->get_record('user', ['username' => $username, 'deleted' => 0], '*', MUST_EXIST);
    $instance = instance::get_from_cmid($cmid);
    $before = (int)$DB->get_field_sql('SELECT COALESCE(MAX(id), 0) FROM {logstore_standard_log}');
    \core\session\manager::set_user($user);
    logger::log_instance_viewed($instance);
    logger::log_meeting_joined_event($instance, logger::ORIGIN_BASE);
    if ($left !== null) {
        logger::log_meeting_left_event($instance);
    }
    get_log_manager(true); // The standard log store writes what it buffered.
    $written = $DB->get_records_select('logstore_standard_log', 'id > ? AND userid = ? AND contextinstanceid = ?',
        [$before, $user->id, $cmid], 'id');
    $events = [];
    foreach ($written as $row) {
        $row->timecreated = $row->eventname === '\\mod_bigbluebuttonbn\\event\\meeting_left' ? $left : $joined;
        $DB->set_field('logstore_standard_log', 'timecreated', $row->timecreated, ['id' => $row->id]);
        $events[] = [$row->eventname, (int)$row->timecreated];
    }
    echo json_encode(['events' => $events]), "\n";
} else if ($action === 'remove') {
    \core\session\manager::set_user(get_admin());
    course_delete_module((int)$argv[2]);
    if (($argv[3] ?? '') !== '1') {
        \core\plugininfo\mod::enable_plugin('bigbluebuttonbn', 0);
    }
    echo json_encode(['removed' => (int)$argv[2]]), "\n";
} else {
    throw new coding_exception('usage: add COURSEID | meet CMID USERNAME JOINED [LEFT] | remove CMID ENABLED');
}
